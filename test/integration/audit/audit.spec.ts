import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../../support/test-app';

describe('audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('records logins and admin actions with actor and request id; admins can filter them', async () => {
    const admin = await t.login('admin');
    const auth = { Authorization: `Bearer ${admin.token}` };
    const created = await t
      .http()
      .post('/users')
      .set(auth)
      .set('X-Request-Id', 'audit-test-0001')
      .send({
        email: 'audited@test.amparo',
        displayName: 'Audited',
        role: 'attorney',
        password: 'a long enough password',
      })
      .expect(201);

    const res = await t
      .http()
      .get(`/audit?entityType=user&entityId=${created.body.id}`)
      .set(auth)
      .expect(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items[0]).toMatchObject({
      action: 'user.create',
      actorUserId: admin.userId,
      actorRole: 'admin',
      requestId: 'audit-test-0001',
      details: { role: 'attorney' },
    });

    const logins = await t
      .http()
      .get(`/audit?action=auth.login&actorUserId=${admin.userId}`)
      .set(auth)
      .expect(200);
    expect(logins.body.total).toBe(1);
  });

  it('is append-only at the database level', async () => {
    await t.login('admin');
    const db = t.app.get(DataSource);
    await expect(db.query(`UPDATE audit_events SET action = 'tampered'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    const [{ count }] = await db.query(
      `SELECT count(*)::int AS count FROM audit_events WHERE action = 'tampered'`,
    );
    expect(count).toBe(0);
  });

  it('rejects bad filters', async () => {
    const admin = await t.login('admin');
    const res = await t
      .http()
      .get('/audit?limit=100000&since=yesterday')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(400);
    expect(res.body.code).toBe('validation_failed');
  });
});
