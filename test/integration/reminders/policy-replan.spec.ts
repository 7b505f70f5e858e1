import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { DEFAULT_REMINDER_POLICY, type ReminderOffset } from '../../../src/reminders/planning';
import type { ReplanView } from '../../../src/reminders/policy-replan';
import { SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { QUEUE_BACKENDS, Session, TestApp } from '../../support/test-app';
import {
  createFamilyCase,
  FamilyCase,
  inSeconds,
  remindersOf,
  scheduleHearing,
  startReminderApp,
  waitUntil,
} from './support';

const withChild = (child: unknown[]) => ({
  ...DEFAULT_REMINDER_POLICY,
  hearing: { ...DEFAULT_REMINDER_POLICY.hearing, child },
});

describe.each(QUEUE_BACKENDS)('reminder policy: bounded, re-planned as a job on %s', (backend) => {
  let sink: SmtpSink;
  let api: TestApp;
  let worker: TestApp | undefined;
  let db: DataSource;
  let coordinator: Session;
  let admin: Session;
  let family: FamilyCase;

  const replanStatus = async (): Promise<ReplanView> =>
    (await api.http().get('/reminders/policy/replan').set(admin.auth).expect(200)).body as ReplanView;
  const replanRow = async (id: string) =>
    (
      (await db.query(`SELECT status, processed, total FROM reminder_policy_replans WHERE id = $1`, [
        id,
      ])) as {
        status: string;
        processed: number;
        total: number;
      }[]
    )[0];
  const childOffsets = async () =>
    (await remindersOf(api, coordinator, family.caseId))
      .filter((r) => r.recipientRole === 'child' && r.status === 'scheduled')
      .map((r) => r.offsetKey)
      .sort();

  beforeAll(async () => {
    sink = await startSmtpSink();
    // The API alone: nothing re-plans until a worker runs.
    api = await startReminderApp({ backend, sink, role: 'api', policy: DEFAULT_REMINDER_POLICY });
    db = api.app.get(DataSource);
    coordinator = await api.login('coordinator');
    admin = await api.login('admin');
    family = await createFamilyCase(api, coordinator);
    await scheduleHearing(api, coordinator, family.caseId, inSeconds(30 * 86400));
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink?.close();
  });

  it('refuses a policy out of bounds with a 400 naming the field, and saves or queues nothing', async () => {
    const tooMany = Array.from({ length: 10_000 }, (_, i) => ({ kind: 'before', seconds: i + 1 }));
    const outOfBounds = fc.sample(
      fc.oneof(
        fc.constant({ child: tooMany, field: 'hearing.child' }),
        fc.integer({ min: 9, max: 50 }).map((n) => ({
          child: Array.from({ length: n }, (_, i) => ({ kind: 'before', days: i + 1 })),
          field: 'hearing.child',
        })),
        fc.integer({ min: 61, max: 10_000 }).map((days) => ({
          child: [
            { kind: 'before', days: 1 },
            { kind: 'before', days },
          ],
          field: 'hearing.child[1].days',
        })),
        fc.integer({ min: 0, max: 59 }).map((minutes) => ({
          child: [
            { kind: 'before', days: 3 },
            { kind: 'before', days: 3, minutes },
          ],
          field: 'hearing.child[1]',
        })),
      ),
      { numRuns: 12, seed: 6 },
    );
    for (const { child, field } of outOfBounds) {
      const res = await api
        .http()
        .put('/reminders/policy')
        .set(admin.auth)
        .send(withChild(child as ReminderOffset[]))
        .expect(400);
      expect(res.body.code).toBe('invalid_reminder_policy');
      expect((res.body.details as { field: string }[]).map((d) => d.field)).toContain(field);
    }
    expect((await api.http().get('/reminders/policy').set(admin.auth).expect(200)).body.source).toBe(
      'environment',
    );
    await api.http().get('/reminders/policy/replan').set(admin.auth).expect(404);
    expect(await db.query(`SELECT count(*)::int AS n FROM reminder_policy_replans`)).toEqual([{ n: 0 }]);
  });

  it('PUT answers 202 at once; a second PUT supersedes the queued replan; a worker runs the latest to done', async () => {
    expect(await childOffsets()).toEqual(['D0T0800', 'P14D', 'P1D', 'P3D']);
    const first = await api
      .http()
      .put('/reminders/policy')
      .set(admin.auth)
      .send(withChild([{ kind: 'before', days: 2 }]))
      .expect(202);
    expect(first.body).toMatchObject({
      source: 'saved',
      replan: { status: 'queued', processed: 0, total: null },
    });
    const second = await api
      .http()
      .put('/reminders/policy')
      .set(admin.auth)
      .send(withChild([{ kind: 'before', days: 5 }]))
      .expect(202);
    expect((await replanRow(first.body.replan.id)).status).toBe('superseded');
    expect(await replanStatus()).toMatchObject({ id: second.body.replan.id, status: 'queued' });
    // Nothing was re-planned inside the requests.
    expect(await childOffsets()).toEqual(['D0T0800', 'P14D', 'P1D', 'P3D']);

    worker = await startReminderApp({ backend, sink, role: 'worker', shareWith: api });
    const done = await waitUntil(replanStatus, (r) => r.status === 'done', 60_000, 'replan done');
    expect(done.id).toBe(second.body.replan.id);
    expect(done.total).toBeGreaterThanOrEqual(1);
    expect(done.processed).toBe(done.total);
    expect(done.outcome).toMatchObject({ created: 1, cancelled: 4 });
    expect(await childOffsets()).toEqual(['P5D']);
    expect((await replanRow(first.body.replan.id)).status).toBe('superseded'); // its job found it superseded
  });

  it('a PUT while a replan is running supersedes it between batches; the newer one finishes', async () => {
    // More upcoming hearings than one batch (2,000), for a family nobody can reach (no rows to write).
    const quiet = await createFamilyCase(api, coordinator, {
      child: { reminderConsent: false },
      sponsor: { reminderChannels: [] },
    });
    await db.query(
      `INSERT INTO hearings (case_id, court_code, location_court_code, hearing_type, starts_at, time_zone)
       SELECT $1, 'NYC', 'NYC', 'master', now() + make_interval(hours => 24 + g), 'America/New_York'
       FROM generate_series(1, 2500) g`,
      [quiet.caseId],
    );
    // Hold the last hearing: the replan's second batch waits on it.
    const [{ id: last }] = (await db.query(
      `SELECT id FROM hearings WHERE status = 'scheduled' AND starts_at > now() ORDER BY id DESC LIMIT 1`,
    )) as { id: string }[];
    const holder = db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query(`SELECT id FROM hearings WHERE id = $1 FOR UPDATE`, [last]);
      const running = await api
        .http()
        .put('/reminders/policy')
        .set(admin.auth)
        .send(withChild([{ kind: 'before', days: 4 }]))
        .expect(202);
      await waitUntil(
        replanStatus,
        (r) => r.id === running.body.replan.id && r.status === 'running' && r.processed >= 2000,
        90_000,
        'first batch done',
      );
      const newer = await api
        .http()
        .put('/reminders/policy')
        .set(admin.auth)
        .send(withChild([{ kind: 'before', days: 6 }]))
        .expect(202);
      await holder.rollbackTransaction();
      const done = await waitUntil(
        replanStatus,
        (r) => r.id === newer.body.replan.id && r.status === 'done',
        120_000,
        'newer replan done',
      );
      expect(done.processed).toBe(done.total);
      expect(done.total).toBeGreaterThan(2500);
      const old = await replanRow(running.body.replan.id);
      expect(old.status).toBe('superseded');
      expect(old.processed).toBeLessThan(old.total);
      expect(await childOffsets()).toEqual(['P6D']);
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
  });
});
