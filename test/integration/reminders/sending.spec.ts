import { CoordinatorDigest } from '../../../src/reminders/coordinator-digest';
import type { ReminderPolicy } from '../../../src/reminders/planning';
import type { ReminderDetailView } from '../../../src/reminders/reminders.dto';
import { CATALOGS } from '../../../src/reminders/templates';
import type { TaskView } from '../../../src/tasks/tasks.dto';
import { SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { QUEUE_BACKENDS, Session, TestApp } from '../../support/test-app';
import {
  createFamilyCase,
  inSeconds,
  remindersOf,
  scheduleHearing,
  shortPolicy,
  startReminderApp,
  waitUntil,
} from './support';

const dayAfter = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.each(QUEUE_BACKENDS)('sending: failures, retries and consent on %s', (backend) => {
  let sink: SmtpSink;
  let t: TestApp;
  let coordinator: Session;
  const busyAttempts = new Map<string, number>();

  beforeAll(async () => {
    sink = await startSmtpSink({
      rejectPermanently: (address) => address.startsWith('bad-'),
      // 'busy-' mailboxes answer 451 twice, then accept.
      rejectTemporarily: (address) => {
        if (!address.startsWith('busy-')) return false;
        const n = (busyAttempts.get(address) ?? 0) + 1;
        busyAttempts.set(address, n);
        return n <= 2;
      },
    });
    t = await startReminderApp({ backend, sink });
    coordinator = await t.login('coordinator');
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('a refused address fails at once and becomes a task; a busy server is retried with backoff', async () => {
    const tag = Date.now().toString(36);
    const family = await createFamilyCase(t, coordinator, {
      childEmail: `bad-${tag}@family.test`,
      sponsorEmail: `busy-${tag}@family.test`,
    });
    await scheduleHearing(t, coordinator, family.caseId, inSeconds(5 * 60 + 4));
    await sink.waitFor(
      (m) => m.some((x) => x.to.includes(family.sponsorEmail)),
      60_000,
      'the busy sponsor message',
    );
    const rows = await waitUntil(
      () => remindersOf(t, coordinator, family.caseId),
      (list) => list.every((r) => r.status !== 'scheduled'),
      30_000,
      'both rows final',
    );
    const child = rows.find((r) => r.recipientRole === 'child')!;
    const sponsor = rows.find((r) => r.recipientRole === 'sponsor')!;
    expect(child).toMatchObject({ status: 'failed', statusReason: 'delivery_failed', attempts: 1 });
    expect(child.lastError).toMatch(/550/);
    expect(sponsor).toMatchObject({ status: 'sent', attempts: 3 });
    expect(busyAttempts.get(family.sponsorEmail)).toBe(3);
    expect(sink.messages.filter((m) => m.to.includes(family.sponsorEmail))).toHaveLength(1);

    // One delivery record per reminder, version and channel, claimed again by each retry.
    const detail = (await t.http().get(`/reminders/${sponsor.id}`).set(coordinator.auth).expect(200))
      .body as ReminderDetailView;
    expect(detail.deliveries).toHaveLength(1);
    expect(detail.deliveries[0]).toMatchObject({
      status: 'sent',
      attempt: 3,
      subjectVersion: 'v1',
      channel: 'email',
    });

    const tasks = await t
      .http()
      .get('/tasks')
      .query({ caseId: family.caseId })
      .set(coordinator.auth)
      .expect(200);
    const failed = (tasks.body.items as TaskView[]).filter((task) => task.kind === 'delivery_failed');
    expect(failed.map((task) => task.recipientRole)).toEqual(['child']);

    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/amparo_reminders_retried_total\{channel="email"\} [1-9]/);
    expect(metrics.text).toMatch(
      /amparo_reminders_failed_total\{channel="email",role="child",permanent="true"\} 1/,
    );
    expect(metrics.text).toMatch(/amparo_reminders_sent_total\{channel="email",role="sponsor"\} [1-9]/);
    expect(metrics.text).toMatch(/amparo_reminder_lateness_seconds_count\{channel="email"\} [1-9]/);
  });

  it("withdrawn consent cancels the child's reminders in the same transaction", async () => {
    const family = await createFamilyCase(t, coordinator);
    await scheduleHearing(t, coordinator, family.caseId, inSeconds(3600));
    await t
      .http()
      .patch(`/children/${family.childId}`)
      .set(coordinator.auth)
      .send({ reminderConsent: false })
      .expect(200);
    const rows = await remindersOf(t, coordinator, family.caseId);
    expect(
      rows
        .filter((r) => r.subjectKind === 'hearing')
        .map((r) => [r.recipientRole, r.status])
        .sort(),
    ).toEqual([
      ['child', 'cancelled'],
      ['sponsor', 'scheduled'],
    ]);
  });
});

describe.each(QUEUE_BACKENDS)('deadline reminders and the coordinator digest on %s', (backend) => {
  let sink: SmtpSink;
  let t: TestApp;
  let coordinator: Session;
  const NONE = { child: [], sponsor: [], attorney: [], coordinator: [] };
  // Families hear of their deadlines 30 days ahead (so a deadline set today gets a catch-up reminder now);
  // counsel the day before at 09:00.
  const policy: ReminderPolicy = {
    ...shortPolicy(),
    deadline: {
      family: { ...NONE, child: [{ kind: 'before', days: 30 }] },
      counsel: { ...NONE, attorney: [{ kind: 'localTime', daysBefore: 1, at: '09:00' }] },
    },
    catchUp: true,
  };

  beforeAll(async () => {
    sink = await startSmtpSink({ rejectPermanently: (address) => address.startsWith('bad-') });
    t = await startReminderApp({
      backend,
      sink,
      policy,
      env: { REMINDER_DIGEST_TIME: '00:00', REMINDER_DIGEST_ZONE: 'UTC' },
    });
    coordinator = await t.login('coordinator');
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('reminds the family of a deadline (catch-up), and a deadline marked met stops its reminders', async () => {
    const family = await createFamilyCase(t, coordinator, { childLanguage: 'spa', attorney: true });
    const created = await t
      .http()
      .post(`/cases/${family.caseId}/deadlines`)
      .set(coordinator.auth)
      .send({ title: 'Bring school records to the lawyer', dueOn: dayAfter(5), actor: 'family' })
      .expect(201);
    const familyDeadline = created.body.id as string;
    await sink.waitFor(
      (m) => m.some((x) => x.to.includes(family.childEmail)),
      30_000,
      'the deadline reminder',
    );
    const message = sink.messages.find((m) => m.to.includes(family.childEmail))!;
    expect(message.subject).toBe(CATALOGS.spa.familyDeadline.child.subject);
    expect(message.text).toContain(CATALOGS.spa.familyDeadline.child.generalHelp);
    // The sink sees the message a moment before the worker records the send; wait for the record, briefly.
    const rows = await waitUntil(
      () => remindersOf(t, coordinator, family.caseId),
      (list) => list.some((r) => r.subjectId === familyDeadline && r.status !== 'scheduled'),
      15_000,
      'the deadline reminder recorded',
    );
    const sent = rows.find((r) => r.subjectId === familyDeadline)!;
    expect(sent).toMatchObject({
      status: 'sent',
      offsetKey: 'CATCHUP',
      catchUp: true,
      recipientRole: 'child',
    });

    const counsel = await t
      .http()
      .post(`/cases/${family.caseId}/deadlines`)
      .set(coordinator.auth)
      .send({ title: 'File the witness list', dueOn: dayAfter(20), actor: 'counsel' })
      .expect(201);
    const counselDeadline = counsel.body.id as string;
    const planned = (await remindersOf(t, coordinator, family.caseId)).filter(
      (r) => r.subjectId === counselDeadline,
    );
    expect(planned.map((r) => [r.recipientRole, r.offsetKey, r.status])).toEqual([
      ['attorney', 'D1T0900', 'scheduled'],
    ]);
    await t
      .http()
      .patch(`/deadlines/${counselDeadline}`)
      .set(coordinator.auth)
      .send({ status: 'met' })
      .expect(200);
    const after = (await remindersOf(t, coordinator, family.caseId)).filter(
      (r) => r.subjectId === counselDeadline,
    );
    expect(after.map((r) => [r.status, r.statusReason])).toEqual([['cancelled', 'deadline_met']]);
  });

  it('sends each coordinator one digest a day: no counsel + hearing soon, failed deliveries, deadlines this week', async () => {
    const digestCoordinator = await t.login('coordinator');
    const urgent = await createFamilyCase(t, digestCoordinator, {
      childEmail: `bad-${Date.now()}@family.test`,
    });
    await scheduleHearing(t, digestCoordinator, urgent.caseId, new Date(Date.now() + 10 * 86_400_000));
    await t
      .http()
      .post(`/cases/${urgent.caseId}/deadlines`)
      .set(digestCoordinator.auth)
      .send({ title: 'Sign the I-589 declaration', dueOn: dayAfter(3), actor: 'family' })
      .expect(201);
    await waitUntil(
      () => remindersOf(t, digestCoordinator, urgent.caseId),
      (rows) => rows.some((r) => r.status === 'failed'),
      30_000,
      'the failed deadline reminder',
    );

    const digest = t.app.get(CoordinatorDigest);
    expect(await digest.sendDue()).toBeGreaterThanOrEqual(1);
    expect(await digest.sendDue()).toBe(0); // once a day
    const mail = sink.messages.filter((m) => m.to.includes(digestCoordinator.email));
    expect(mail).toHaveLength(1);
    const text = mail[0].text;
    expect(mail[0].subject).toMatch(
      /^Amparo digest \d{4}-\d{2}-\d{2}: 1 without counsel, 1 delivery problems/,
    );
    expect(text).toMatch(
      /No counsel yet, hearing within 30 days\n- Ana Tzoc \(AMP-[0-9A-F]{8}\): intake, hearing/,
    );
    expect(text).toMatch(
      /Reminders that failed or were stopped \(last 24 hours\)\n- Ana Tzoc .*child by email failed/,
    );
    expect(text).toMatch(/Deadlines this week\n- Ana Tzoc .*Sign the I-589 declaration, due/);
    expect(text).toContain('Offers waiting for an answer');
  });
});
