import type { ClockTime } from '../../../src/time';
import { SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { QUEUE_BACKENDS } from '../../support/test-app';
import { createFamilyCase, remindersOf, scheduleHearing, shortPolicy, startReminderApp, waitUntil } from './support';

const MINUTE = 60_000;
const ZONE = 'America/New_York'; // the family's ZIP (11368, Queens)

const hhmm = (at: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);

/**
 * Quiet hours, end to end: quiet hours begin a minute or two from now on the family's clock, and the reminder is due
 * 30 s into them. It must arrive before they begin — moved earlier, never later.
 */
describe.each(QUEUE_BACKENDS)('quiet hours, delivered on %s', (backend) => {
  it('a reminder due in quiet hours arrives in the last minute before they begin', async () => {
    // At least 90 s away, on a whole minute: the moved send (a minute before) is still 30 s or more ahead.
    const quietStart = new Date(Math.ceil((Date.now() + 90_000) / MINUTE) * MINUTE);
    const quietEnd = new Date(quietStart.getTime() + 120 * MINUTE);
    const sink: SmtpSink = await startSmtpSink();
    const t = await startReminderApp({
      backend,
      sink,
      policy: {
        ...shortPolicy(),
        quietHours: { start: hhmm(quietStart) as ClockTime, end: hhmm(quietEnd) as ClockTime },
      },
    });
    try {
      const coordinator = await t.login('coordinator');
      const family = await createFamilyCase(t, coordinator);
      // "5 minutes before" a hearing 5 min 30 s after quiet hours begin: due 30 s into them.
      await scheduleHearing(t, coordinator, family.caseId, new Date(quietStart.getTime() + 5.5 * MINUTE));
      const planned = await remindersOf(t, coordinator, family.caseId);
      expect(planned).toHaveLength(2);
      for (const row of planned) {
        expect(row.recipientTimeZone).toBe(ZONE);
        expect(new Date(row.dueAt).toISOString()).toBe(new Date(quietStart.getTime() + 30_000).toISOString());
        expect(new Date(row.sendAt).toISOString()).toBe(
          new Date(quietStart.getTime() - MINUTE).toISOString(),
        );
      }
      const addresses = [family.childEmail, family.sponsorEmail];
      await sink.waitFor((m) => addresses.every((a) => m.some((x) => x.to.includes(a))), 180_000, 'both');
      const received = Date.now();
      expect(received).toBeLessThan(quietStart.getTime());
      // The sink sees the message a moment before the worker records the send; wait for the record, briefly.
      const recorded = await waitUntil(
        () => remindersOf(t, coordinator, family.caseId),
        (rows) => rows.every((r) => r.status !== 'scheduled'),
        15_000,
        'both reminders recorded',
      );
      for (const row of recorded) {
        expect(row.status).toBe('sent');
        expect(new Date(row.sentAt!).getTime()).toBeGreaterThanOrEqual(quietStart.getTime() - MINUTE - 1_000);
        expect(new Date(row.sentAt!).getTime()).toBeLessThan(quietStart.getTime());
      }
    } finally {
      await t.close();
      await sink.close();
    }
  }, 240_000);
});
