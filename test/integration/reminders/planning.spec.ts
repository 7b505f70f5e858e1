import { DEFAULT_REMINDER_POLICY } from '../../../src/reminders/planning';
import type { ReplanView } from '../../../src/reminders/policy-replan';
import type { ReminderView } from '../../../src/reminders/reminders.dto';
import { SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { QUEUE_BACKENDS, Session, TestApp } from '../../support/test-app';
import {
  createFamilyCase,
  FamilyCase,
  remindersOf,
  scheduleHearing,
  startReminderApp,
  waitUntil,
} from './support';

/** Wall-clock 'HH:MM' of an instant in a zone. */
const wall = (at: string | Date, zone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at));

const sends = (rows: ReminderView[], role: string) =>
  rows
    .filter((r) => r.subjectKind === 'hearing' && r.recipientRole === role && r.status === 'scheduled')
    .map((r) => [r.offsetKey, new Date(r.sendAt).toISOString()])
    .sort((a, b) => a[1].localeCompare(b[1]));

describe.each(QUEUE_BACKENDS)('reminder planning with the default policy on %s', (backend) => {
  let sink: SmtpSink;
  let t: TestApp;
  let coordinator: Session;
  let family: FamilyCase;
  let hearingId: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startReminderApp({ backend, sink, policy: DEFAULT_REMINDER_POLICY });
    coordinator = await t.login('coordinator');
    // Child in New York, sponsor in Honolulu, counsel in New York; the hearing is at NYC two days after the
    // 2027 switch to daylight saving time (Sunday 14 March).
    family = await createFamilyCase(t, coordinator, { attorney: true, sponsorZip: '96813' });
    hearingId = await scheduleHearing(t, coordinator, family.caseId, new Date('2027-03-16T13:00:00Z'));
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('plans 14 d, 3 d, 1 d and the morning of, keeping 09:00 on the court clock across the DST change', async () => {
    const rows = await remindersOf(t, coordinator, family.caseId);
    expect(sends(rows, 'child')).toEqual([
      ['P14D', '2027-03-02T14:00:00.000Z'], // 09:00 EST
      ['P3D', '2027-03-13T14:00:00.000Z'], // 09:00 EST, the day before the change
      ['P1D', '2027-03-15T13:00:00.000Z'], // 09:00 EDT
      ['D0T0800', '2027-03-16T12:00:00.000Z'], // 08:00 EDT the morning of
    ]);
    expect(sends(rows, 'attorney')).toEqual([
      ['P7D', '2027-03-09T14:00:00.000Z'],
      ['P1D', '2027-03-15T13:00:00.000Z'],
    ]);
    const hearingRows = rows.filter((r) => r.subjectKind === 'hearing');
    expect(hearingRows.every((r) => r.subjectId === hearingId && r.subjectVersion === 'v1')).toBe(true);
  });

  it("moves sends out of quiet hours on the recipient's own clock, earlier and never later", async () => {
    const rows = (await remindersOf(t, coordinator, family.caseId)).filter(
      (r) => r.recipientRole === 'sponsor' && r.subjectKind === 'hearing',
    );
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.recipientTimeZone).toBe('Pacific/Honolulu');
      expect(new Date(row.sendAt).getTime()).toBeLessThanOrEqual(new Date(row.dueAt).getTime());
      const local = wall(row.sendAt, 'Pacific/Honolulu');
      expect(local >= '07:00' && local < '21:00').toBe(true);
    }
    // 09:00 in New York is 03:00 in Honolulu: every reminder goes at 20:59 the evening before, Honolulu time.
    expect(sends(rows, 'sponsor')).toEqual([
      ['P14D', '2027-03-02T06:59:00.000Z'],
      ['P3D', '2027-03-13T06:59:00.000Z'],
      ['P1D', '2027-03-15T06:59:00.000Z'],
      ['D0T0800', '2027-03-16T06:59:00.000Z'],
    ]);
  });

  it('every planned row has its queue job (job id = dedupe key)', async () => {
    const rows = await remindersOf(t, coordinator, family.caseId);
    const admin = await t.login('admin');
    const overview = await t.http().get('/reminders/queue').set(admin.auth).expect(200);
    expect(overview.body.backend).toBe(backend);
    expect(overview.body.notEnqueued).toBe(0);
    expect(overview.body.jobs.delayed).toBeGreaterThanOrEqual(rows.length);
  });

  it('an admin edits the policy (validated); upcoming hearings are re-planned with it', async () => {
    const admin = await t.login('admin');
    const bad = await t
      .http()
      .put('/reminders/policy')
      .set(admin.auth)
      .send({
        ...DEFAULT_REMINDER_POLICY,
        hearing: { ...DEFAULT_REMINDER_POLICY.hearing, child: [{ kind: 'before', days: -1 }] },
      })
      .expect(400);
    expect(bad.body.code).toBe('invalid_reminder_policy');
    expect(bad.body.details[0].field).toBe('hearing.child[0].days');
    await t.http().put('/reminders/policy').set(coordinator.auth).send(DEFAULT_REMINDER_POLICY).expect(403);

    const policy = {
      ...DEFAULT_REMINDER_POLICY,
      hearing: { ...DEFAULT_REMINDER_POLICY.hearing, child: [{ kind: 'before', days: 2 }] },
    };
    // Re-planning runs as a job: 202, then follow it at GET /reminders/policy/replan.
    const saved = await t.http().put('/reminders/policy').set(admin.auth).send(policy).expect(202);
    expect(saved.body.replan).toMatchObject({ status: 'queued', processed: 0 });
    const replan = await waitUntil(
      async () =>
        (await t.http().get('/reminders/policy/replan').set(admin.auth).expect(200)).body as ReplanView,
      (r) => r.status === 'done',
      60_000,
      'replan done',
    );
    expect(replan.id).toBe(saved.body.replan.id);
    expect(replan.processed).toBe(replan.total);
    expect(replan.outcome?.cancelled).toBe(4);
    expect(replan.outcome?.created).toBe(1);
    const current = await t.http().get('/reminders/policy').set(admin.auth).expect(200);
    expect(current.body.source).toBe('saved');
    const rows = await remindersOf(t, coordinator, family.caseId);
    expect(sends(rows, 'child')).toEqual([['P2D', '2027-03-14T13:00:00.000Z']]);
    expect(
      rows.filter((r) => r.recipientRole === 'child' && r.status === 'cancelled').map((r) => r.statusReason),
    ).toEqual(['replanned', 'replanned', 'replanned', 'replanned']);
    // Put the default back for the other tests.
    await t.http().put('/reminders/policy').set(admin.auth).send(DEFAULT_REMINDER_POLICY).expect(202);
    await waitUntil(
      async () => (await t.http().get('/reminders/policy/replan').set(admin.auth).expect(200)).body,
      (r: { status: string }) => r.status === 'done',
      60_000,
      'replan back to the default done',
    );
  });

  it("shows reminders to the case's coordinators, its attorney and admins only", async () => {
    const rows = await remindersOf(t, coordinator, family.caseId);
    const one = await t.http().get(`/reminders/${rows[0].id}`).set(coordinator.auth).expect(200);
    expect(one.body).toMatchObject({ id: rows[0].id, deliveries: [] });
    const otherCoordinator = await t.login('coordinator');
    await t.http().get('/reminders').query({ caseId: family.caseId }).set(otherCoordinator.auth).expect(404);
    await t.http().get(`/reminders/${rows[0].id}`).set(otherCoordinator.auth).expect(404);
    const stranger = await t.login('attorney');
    await t.http().get('/reminders').query({ caseId: family.caseId }).set(stranger.auth).expect(404);
    const mine = await t.http().get('/reminders').set(stranger.auth).expect(200);
    expect(mine.body.total).toBe(0);
  });
});
