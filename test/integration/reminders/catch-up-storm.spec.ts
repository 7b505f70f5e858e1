import { DataSource } from 'typeorm';
import { SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { QUEUE_BACKENDS, TestApp } from '../../support/test-app';
import { countDeliveries, report } from './faults';
import {
  createFamilyCase,
  inSeconds,
  rescheduleHearing,
  scheduleHearing,
  startReminderApp,
  waitUntil,
} from './support';

const MOVES = 20;

/**
 * A hearing moved again and again, each time to a moment whose reminders are already due (5-minute policy, new
 * times 1–4 minutes away): every version plans a catch-up. With REMINDER_CATCHUP_SETTLE each one waits, the next
 * move cancels it, and only the last version's catch-up goes out.
 */
describe.each(QUEUE_BACKENDS)(
  `fault: a hearing moved ${MOVES} times to near times (catch-up storm), on %s`,
  (backend) => {
    let sink: SmtpSink;
    let t: TestApp;

    beforeAll(async () => {
      sink = await startSmtpSink();
      t = await startReminderApp({ backend, sink, env: { REMINDER_CATCHUP_SETTLE: '6s' } });
    }, 120_000);
    afterAll(async () => {
      await t?.close();
      await sink?.close();
    });

    it('sends each recipient exactly one message, for the final version', async () => {
      const coordinator = await t.login('coordinator');
      const family = await createFamilyCase(t, coordinator, { attorney: true });
      const hearingId = await scheduleHearing(t, coordinator, family.caseId, inSeconds(20 * 60));
      // Random near times, whole seconds: each inside the 5-minute lead, so each version has only a catch-up.
      const times = Array.from(
        { length: MOVES },
        () => new Date(Math.floor((Date.now() + 60_000 + Math.random() * 180_000) / 1000) * 1000),
      );
      const started = Date.now();
      for (const at of times) await rescheduleHearing(t, coordinator, hearingId, at);
      const stormMs = Date.now() - started;
      const finalStart = times[times.length - 1];
      const hearing = await t.http().get(`/hearings/${hearingId}`).set(coordinator.auth).expect(200);
      expect(new Date(hearing.body.startsAt as string).getTime()).toBe(finalStart.getTime());
      const finalVersion = `v${hearing.body.version as number}`;

      const db = t.app.get(DataSource);
      const finalRows = async () =>
        (await db.query(
          `SELECT id, status, subject_version FROM reminders
         WHERE case_id = $1 AND subject_kind = 'hearing' AND subject_version = $2`,
          [family.caseId, finalVersion],
        )) as { id: string; status: string; subject_version: string }[];
      const rows = await waitUntil(
        finalRows,
        (r) => r.length === 3 && r.every((x) => x.status === 'sent'),
        90_000,
        'the final catch-ups sent',
      );
      await new Promise((r) => setTimeout(r, 2_000)); // anything stale would have arrived by now

      const counts = await countDeliveries(db, sink, [family.caseId]);
      report(
        `${MOVES} moves to near times (${backend})`,
        counts,
        `${sink.messages.length} messages received in all; the moves took ${stormMs} ms`,
      );
      const finalIds = new Set(rows.map((r) => r.id));
      expect(sink.messages).toHaveLength(3);
      expect(sink.messages.map((m) => m.to[0]).sort()).toEqual(
        [family.childEmail, family.sponsorEmail, family.attorneyEmail].sort(),
      );
      expect(sink.messages.every((m) => finalIds.has(m.headers.get('x-amparo-reminder') ?? ''))).toBe(true);
    }, 240_000);
  },
);
