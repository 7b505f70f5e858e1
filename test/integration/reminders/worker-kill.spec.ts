import { DataSource } from 'typeorm';
import { SinkMessage, SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { QUEUE_BACKENDS, TestApp } from '../../support/test-app';
import { allFinal, countDeliveries, report } from './faults';
import {
  createFamilyCase,
  inSeconds,
  scheduleHearing,
  shortPolicy,
  startReminderApp,
  waitUntil,
} from './support';
import { buildService, spawnWorker, WorkerProcess } from './worker-process';

const FAMILIES = 60; // 120 reminders (child + sponsor), all due at the same moment
const KILLS = 4;

describe.each(QUEUE_BACKENDS)(
  'fault: the worker process is killed (SIGKILL) mid-batch, repeatedly, on %s',
  (backend) => {
    let sink: SmtpSink;
    let api: TestApp;
    let worker: WorkerProcess | undefined;

    beforeAll(async () => {
      buildService();
      // Each recipient takes the SMTP server 150 ms: the batch lasts seconds, long enough to be interrupted.
      sink = await startSmtpSink({ delayMs: 150 });
      api = await startReminderApp({ backend, sink, role: 'api' });
    }, 120_000);
    afterAll(async () => {
      await worker?.kill('SIGTERM');
      await api?.close();
      await sink?.close();
    });

    it('loses none and sends none twice: the delivery record and the send lease decide', async () => {
      const coordinator = await api.login('coordinator');
      const caseIds: string[] = [];
      const families = [];
      for (let i = 0; i < FAMILIES; i++) families.push(await createFamilyCase(api, coordinator));
      const startsAt = inSeconds(5 * 60 + 6);
      for (const family of families) {
        await scheduleHearing(api, coordinator, family.caseId, startsAt);
        caseIds.push(family.caseId);
      }
      const expected = FAMILIES * 2;
      const env = {
        REMINDER_POLICY: JSON.stringify(shortPolicy()),
        REMINDER_CONCURRENCY: '8',
        REMINDER_LOCK_DURATION: '2s',
        REMINDER_SEND_LEASE: '3s',
        REMINDER_SWEEP_INTERVAL: '1s',
        REMINDER_BACKOFF: '1s',
        REMINDER_DUE_SLACK: '1s',
        REMINDER_DIGEST: 'false',
      };
      worker = await spawnWorker(api, env);
      const killedAt: number[] = [];
      const killTimes: number[] = [];
      for (let k = 1; k <= KILLS; k++) {
        // Once this worker is sending, kill it at a random moment (not in step with the messages arriving).
        const seen = sink.messages.length;
        await sink.waitFor((m) => m.length > seen, 90_000, `a message before kill ${k}`);
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 500));
        killTimes.push(Date.now());
        await worker.kill('SIGKILL');
        killedAt.push(sink.messages.length);
        worker = await spawnWorker(api, env);
      }
      const db = api.app.get(DataSource);
      await waitUntil(() => allFinal(db, caseIds), Boolean, 180_000, 'every reminder final');
      await new Promise((r) => setTimeout(r, 1_000));
      const [{ takenOver }] = (await db.query(
        `SELECT count(*)::int AS "takenOver" FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id
       WHERE r.case_id = ANY($1::uuid[]) AND d.attempt > 1`,
        [caseIds],
      )) as { takenOver: number }[];
      const counts = await countDeliveries(db, sink, caseIds);
      // Every copy of one reminder carries the same Message-ID (reminder × version × channel), so a duplicate is
      // recognizable, and mail servers and clients that dedupe by Message-ID show it once.
      const copies = new Map<string, SinkMessage[]>();
      for (const m of sink.messages) {
        const id = m.headers.get('x-amparo-reminder') ?? '';
        copies.set(id, [...(copies.get(id) ?? []), m]);
      }
      const windows: number[] = [];
      for (const [id, messages] of copies) {
        const version = (
          (await db.query(`SELECT subject_version FROM reminders WHERE id = $1`, [id])) as {
            subject_version: string;
          }[]
        )[0]?.subject_version;
        for (const m of messages) {
          expect(m.headers.get('message-id')).toBe(`<reminder.${id}.${version}.email@amparo.test>`);
        }
        if (messages.length > 1) {
          // How long before a kill the server had accepted the first copy: the window that remains.
          const first = messages[0].receivedAt.getTime();
          const kill = killTimes.find((k) => k >= first);
          if (kill !== undefined) windows.push(kill - first);
        }
      }
      report(
        `worker SIGKILLed ${KILLS} times mid-batch (${backend})`,
        counts,
        `kills after ${killedAt.join(', ')} messages; ${takenOver} sends taken over from a killed worker; ` +
          `duplicates' first copy accepted ${windows.length ? windows.join(', ') : '-'} ms before the kill`,
      );
      expect(counts.expected).toBe(expected);
      expect(counts.lost).toBe(0);
      expect(counts.notSent).toEqual({});
      // A send the killed worker had claimed but not recorded is ambiguous: the SMTP server may or may not have
      // taken it. It is sent again after REMINDER_SEND_LEASE (none lost), so a duplicate is possible only when
      // the kill fell between the server's acceptance and the commit of the delivery record (a few ms per
      // message). Duplicates are counted and reported above; they can only come from those takeovers.
      expect(counts.duplicated).toBeLessThanOrEqual(takenOver);
    }, 300_000);
  },
);
