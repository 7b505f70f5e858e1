import { DataSource } from 'typeorm';
import { DeadlineSweeper } from '../../../src/deadlines/deadline-sweeper';
import { ReminderPolicy } from '../../../src/reminders/planning/policy';
import { SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { QUEUE_BACKENDS, Session, TestApp } from '../../support/test-app';
import { createFamilyCase, remindersOf, shortPolicy, startReminderApp } from '../reminders/support';

const dayAfter = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

// The sweep tells the reminder planner once per batch (not once per case): reminders of deadlines it marks
// missed must still stop, in every case of the batch.
describe.each(QUEUE_BACKENDS)('deadlines the sweep marks missed stop their reminders, on %s', (backend) => {
  let sink: SmtpSink;
  let t: TestApp;
  let coordinator: Session;
  const NONE = { child: [], sponsor: [], attorney: [], coordinator: [] };
  const policy: ReminderPolicy = {
    ...shortPolicy(),
    deadline: {
      family: NONE,
      counsel: { ...NONE, attorney: [{ kind: 'localTime', daysBefore: 1, at: '09:00' }] },
    },
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startReminderApp({ backend, sink, policy });
    coordinator = await t.login('coordinator');
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('cancels the scheduled reminders of every deadline marked missed, across cases, and keeps the others', async () => {
    const db = t.app.get(DataSource);
    const deadlines: { caseId: string; id: string; overdue: boolean }[] = [];
    for (let i = 0; i < 3; i++) {
      const family = await createFamilyCase(t, coordinator, { attorney: true });
      for (const overdue of [true, false]) {
        const created = await t
          .http()
          .post(`/cases/${family.caseId}/deadlines`)
          .set(coordinator.auth)
          .send({ title: `File the witness list ${i} ${overdue}`, dueOn: dayAfter(20 + i), actor: 'counsel' })
          .expect(201);
        deadlines.push({ caseId: family.caseId, id: created.body.id as string, overdue });
      }
    }
    for (const d of deadlines) {
      const rows = (await remindersOf(t, coordinator, d.caseId)).filter((r) => r.subjectId === d.id);
      expect(rows.map((r) => r.status)).toEqual(['scheduled']);
    }
    // Their due date passed (a worker outage, say).
    const overdue = deadlines.filter((d) => d.overdue).map((d) => d.id);
    await db.query(
      `UPDATE deadlines SET due_date = current_date - 3, remind_by = current_date - 3 WHERE id = ANY($1::uuid[])`,
      [overdue],
    );

    const marked = await t.app.get(DeadlineSweeper).tick();
    expect([...marked].sort()).toEqual([...overdue].sort());
    for (const d of deadlines) {
      const rows = (await remindersOf(t, coordinator, d.caseId)).filter((r) => r.subjectId === d.id);
      expect([d.overdue, rows.map((r) => [r.status, r.statusReason])]).toEqual(
        d.overdue ? [true, [['cancelled', 'deadline_missed']]] : [false, [['scheduled', null]]],
      );
    }
  }, 120_000);
});
