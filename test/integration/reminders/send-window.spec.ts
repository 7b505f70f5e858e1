import { SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { QUEUE_BACKENDS, Session, TestApp } from '../../support/test-app';
import { createFamilyCase, inSeconds, remindersOf, scheduleHearing, startReminderApp, waitUntil } from './support';

/**
 * REMINDER_SEND_AHEAD: a reminder may go out from `startAt` (that long before its send time) on, so a burst due at
 * one moment has gone by then. It never goes before its window opens.
 */
describe.each(QUEUE_BACKENDS)('reminder send window on %s', (backend) => {
  const AHEAD_S = 20;
  let sink: SmtpSink;
  let t: TestApp;
  let coordinator: Session;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startReminderApp({ backend, sink, env: { REMINDER_SEND_AHEAD: `${AHEAD_S}s` } });
    coordinator = await t.login('coordinator');
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('sends within [startAt, sendAt]: not before the window opens, and before the send time', async () => {
    const family = await createFamilyCase(t, coordinator);
    // "5 minutes before" a hearing 5 min 28 s away: send time in 28 s, window open from 8 s.
    await scheduleHearing(t, coordinator, family.caseId, inSeconds(5 * 60 + 28));
    const planned = await remindersOf(t, coordinator, family.caseId);
    expect(planned).toHaveLength(2);
    for (const row of planned) {
      expect(new Date(row.sendAt).getTime() - new Date(row.startAt).getTime()).toBe(AHEAD_S * 1000);
    }
    const addresses = [family.childEmail, family.sponsorEmail];
    await sink.waitFor((m) => addresses.every((a) => m.some((x) => x.to.includes(a))), 60_000, 'both');
    // The sink sees the message a moment before the worker records the send; wait for the record, briefly.
    const rows = await waitUntil(
      () => remindersOf(t, coordinator, family.caseId),
      (list) => list.every((r) => r.status !== 'scheduled'),
      15_000,
      'both reminders recorded',
    );
    for (const row of rows) {
      expect(row.status).toBe('sent');
      const sentAt = new Date(row.sentAt!).getTime();
      // REMINDER_DUE_SLACK (1 s in tests) is the only tolerance before the window opens.
      expect(sentAt).toBeGreaterThanOrEqual(new Date(row.startAt).getTime() - 1_000);
      expect(sentAt).toBeLessThan(new Date(row.sendAt).getTime());
    }
  });
});
