import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { QUEUE_BACKENDS, QueueBackend, TestApp } from '../../support/test-app';
import { allFinal } from './faults';
import { createFamilyCase, inSeconds, scheduleHearing, startReminderApp, waitUntil } from './support';

// Every application of the process logs through the first one's destination: one capture for the file.
const logged: string[] = [];
const capture = { write: (line: string) => void logged.push(line) };

interface EventLine {
  level: number;
  msg: string;
  event: string;
  reminderId: string;
  caseId: string;
  channel: string;
  recipientRole: string;
  attempt: number;
  outcome: string;
  permanent?: boolean;
}

type Fate = 'delivered' | 'refused' | 'refused once';

const CHILD = { firstName: 'Xochiquetzal', lastName: 'Ixcamparic' };
const SPONSOR = { firstName: 'Filogonia', lastName: 'Tzunununbal' };

describe.each(QUEUE_BACKENDS)(
  'one log line per reminder sent or failed (queue on %s)',
  (backend: QueueBackend) => {
    let sink: SmtpSink;
    let t: TestApp;
    const refusedOnce = new Set<string>();

    beforeAll(async () => {
      sink = await startSmtpSink({
        rejectPermanently: (address) => address.startsWith('refused-'),
        // The first try of each 'flaky-' address is answered 451; the retry goes through.
        rejectTemporarily: (address) => {
          if (!address.startsWith('flaky-') || refusedOnce.has(address)) return false;
          refusedOnce.add(address);
          return true;
        },
      });
      t = await startReminderApp({
        backend,
        sink,
        logs: capture,
        env: { LOG_LEVEL: 'info', REMINDER_ATTEMPTS: '4' },
      });
    });
    afterAll(async () => {
      await t?.close();
      await sink?.close();
    });

    it('logs each send once, by id, and never an address or a name', async () => {
      const firstLine = logged.length;
      // Families whose addresses deliver, are refused for good, or are refused once then accepted.
      const fates: Fate[] = [
        'delivered',
        'refused',
        'refused once',
        ...fc.sample(fc.constantFrom<Fate>('delivered', 'refused', 'refused once'), 3),
      ];
      const coordinator = await t.login('coordinator');
      const caseIds: string[] = [];
      const addresses: string[] = [];
      for (const [i, fate] of fates.entries()) {
        const prefix = fate === 'delivered' ? 'ok' : fate === 'refused' ? 'refused' : 'flaky';
        const family = await createFamilyCase(t, coordinator, {
          childEmail: `${prefix}-child-${i}-${Date.now().toString(36)}@family.test`,
          sponsorEmail: `${prefix}-sponsor-${i}-${Date.now().toString(36)}@family.test`,
          child: CHILD,
          sponsor: SPONSOR,
        });
        caseIds.push(family.caseId);
        addresses.push(family.childEmail, family.sponsorEmail);
        // Within the lead time: every reminder is a catch-up, sent at once.
        await scheduleHearing(t, coordinator, family.caseId, inSeconds(120));
      }
      const db = t.app.get(DataSource);
      await waitUntil(() => allFinal(db, caseIds), Boolean, 90_000, 'every reminder sent or failed');
      const rows = (await db.query(
        `SELECT id, case_id, channel, recipient_role, status FROM reminders WHERE case_id = ANY($1::uuid[])`,
        [caseIds],
      )) as { id: string; case_id: string; channel: string; recipient_role: string; status: string }[];
      expect(rows.length).toBe(fates.length * 2);
      // Lines are written as the outcome is known; give the last ones a moment to reach the capture.
      await new Promise((r) => setTimeout(r, 500));

      const lines = logged.slice(firstLine);
      const events = lines
        .map((line) => JSON.parse(line) as Partial<EventLine>)
        .filter((l): l is EventLine => typeof l.event === 'string' && l.event.startsWith('reminder.'));
      const ofRow = (id: string, event: string) =>
        events.filter((e) => e.reminderId === id && e.event === event);

      for (const row of rows) {
        const expected = {
          reminderId: row.id,
          caseId: row.case_id,
          channel: row.channel,
          recipientRole: row.recipient_role,
        };
        if (row.status === 'sent') {
          const sent = ofRow(row.id, 'reminder.sent');
          expect(sent).toHaveLength(1);
          expect(sent[0]).toMatchObject({ ...expected, level: 30, msg: 'reminder sent', outcome: 'sent' });
          expect(ofRow(row.id, 'reminder.failed')).toHaveLength(0);
        } else {
          expect(row.status).toBe('failed');
          const failed = ofRow(row.id, 'reminder.failed');
          expect(failed).toHaveLength(1);
          expect(failed[0]).toMatchObject({
            ...expected,
            level: 40,
            msg: 'reminder failed',
            outcome: 'failed',
            permanent: true,
          });
          expect(ofRow(row.id, 'reminder.sent')).toHaveLength(0);
        }
      }
      // Each address refused once: one retry line, then its one sent line on a later attempt.
      for (const row of rows) {
        const retries = ofRow(row.id, 'reminder.retry');
        const sent = ofRow(row.id, 'reminder.sent');
        if (retries.length) {
          expect(retries).toHaveLength(1);
          expect(retries[0]).toMatchObject({ level: 40, attempt: 1, outcome: 'retry' });
          expect(sent[0]?.attempt).toBe(2);
        }
      }
      expect(events.filter((e) => e.event === 'reminder.retry')).toHaveLength(
        fates.filter((f) => f === 'refused once').length * 2,
      );
      // Exactly one line per final outcome: no line for a reminder of another test, none twice.
      expect(events.filter((e) => e.event === 'reminder.sent')).toHaveLength(
        rows.filter((r) => r.status === 'sent').length,
      );
      expect(events.filter((e) => e.event === 'reminder.failed')).toHaveLength(
        rows.filter((r) => r.status === 'failed').length,
      );

      // Ids only: no address, no name in any reminder event line.
      const raw = lines.filter((line) => line.includes('"event":"reminder.'));
      for (const secret of [...addresses, ...Object.values(CHILD), ...Object.values(SPONSOR)]) {
        expect(raw.filter((line) => line.includes(secret))).toEqual([]);
      }
      expect(raw.filter((line) => line.includes('@'))).toEqual([]);
    }, 180_000);
  },
);
