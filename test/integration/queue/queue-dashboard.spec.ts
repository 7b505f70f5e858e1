import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { QUEUE } from '../../../src/queue/queue-names';
import { QUEUE_BACKENDS, Session, startTestApp, TestApp } from '../../support/test-app';

describe.each(QUEUE_BACKENDS)('queue dashboard for admins on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    // API role only: a job added here stays waiting, so the dashboard has something to show.
    t = await startTestApp({ backend, role: 'api' });
  });
  afterAll(() => t.close());

  it('refuses anonymous visitors and other roles, with instructions', async () => {
    const anonymous = await t.http().get('/admin/queues').expect(401);
    expect(anonymous.text).toContain('/admin/queues?token=');
    await t.http().get('/admin/queues/api/queues').expect(401);
    const coordinator = await t.login('coordinator');
    await t.http().get('/admin/queues/api/queues').set(coordinator.auth).expect(403);
    await t.http().get(`/admin/queues?token=${coordinator.token}`).expect(403);
    await t.http().get('/admin/queues').set('Cookie', 'amparo_queue_dashboard=forged').expect(401);
  });

  it('an admin opens it with a token link once: the token moves into an HttpOnly cookie', async () => {
    const admin = await t.login('admin');
    const opened = await t.http().get(`/admin/queues?token=${admin.token}`).expect(303);
    expect(opened.headers.location).toBe('/admin/queues');
    const cookie = String(opened.headers['set-cookie']);
    expect(cookie).toMatch(/^amparo_queue_dashboard=[^;]+; Path=\/admin\/queues; HttpOnly; SameSite=Strict/);
    const page = await t.http().get('/admin/queues').set('Cookie', cookie.split(';')[0]).expect(200);
    expect(page.text).toContain('<html');
    // Its scripts load too (served from the package, under the same path and cookie).
    expect(page.text).toContain('<base href="/admin/queues/"');
    const script = /<script[^>]+src="([^"]+)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    await t.http().get(`/admin/queues/${script}`).set('Cookie', cookie.split(';')[0]).expect(200);

    const queue = t.app.get<Queue>(getQueueToken(QUEUE.system));
    await queue.add('ping', { sentAt: 'dashboard' }, { jobId: `dashboard-${Date.now()}` });
    const api = await t.http().get('/admin/queues/api/queues').set(admin.auth).expect(200);
    const queues = (api.body as { queues: { name: string; counts: Record<string, number> }[] }).queues;
    // Every queue of the application, whatever prefix the board shows before its name.
    expect(queues.map((q) => q.name.split(':').pop()).sort()).toEqual(Object.values(QUEUE).sort());
    const system = queues.find((q) => q.name.endsWith(QUEUE.system));
    expect(system?.counts.waiting).toBeGreaterThanOrEqual(1);
  });

  const endings: [string, (boss: Session, admin: Session) => Promise<unknown>][] = [
    ['demoted to coordinator', async (boss, admin) =>
      t.http().patch(`/users/${admin.userId}`).set(boss.auth).send({ role: 'coordinator', organizationId: await t.createOrganization() }).expect(200)],
    ['disabled', (boss, admin) => t.http().patch(`/users/${admin.userId}`).set(boss.auth).send({ disabled: true }).expect(200)],
    ['signed out', (_boss, admin) => t.http().post('/auth/logout').set(admin.auth).expect(204)],
    ['given a new password', (boss, admin) =>
      t.http().patch(`/users/${admin.userId}`).set(boss.auth).send({ password: 'a brand new passphrase' }).expect(200)],
  ];

  it.each(endings)('an admin %s loses the dashboard at once, even with an unexpired cookie', async (_how, end) => {
    const boss = await t.login('admin');
    const admin = await t.login('admin');
    const opened = await t.http().get(`/admin/queues?token=${admin.token}`).expect(303);
    const cookie = String(opened.headers['set-cookie']).split(';')[0];
    await t.http().get('/admin/queues').set('Cookie', cookie).expect(200);
    await t.http().get('/admin/queues/api/queues').set('Cookie', cookie).expect(200);
    await end(boss, admin);
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const res = await t.http().get(path).set('Cookie', cookie);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
    // Another admin is untouched.
    await t.http().get('/admin/queues/api/queues').set(boss.auth).expect(200);
  });
});
