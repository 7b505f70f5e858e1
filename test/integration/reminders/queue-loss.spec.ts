import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import type { ReminderPolicy } from '../../../src/reminders/planning';
import { RedisProcess, startRedis } from '../../support/services';
import { SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { QUEUE_BACKENDS, TestApp } from '../../support/test-app';
import { countDeliveries, report } from './faults';
import { createFamilyCase, scheduleHearing, startReminderApp, waitUntil } from './support';

/** Seconds before the hearing; one group of families per offset, all of them due at the same second. */
const OFFSETS = [30, 90, 240];
const FAMILIES_PER_OFFSET = 12;

const NOTHING = { child: [], sponsor: [], attorney: [], coordinator: [] };
const policy: ReminderPolicy = {
  hearing: {
    child: OFFSETS.map((seconds) => ({ kind: 'before' as const, seconds })),
    sponsor: OFFSETS.map((seconds) => ({ kind: 'before' as const, seconds })),
    attorney: OFFSETS.map((seconds) => ({ kind: 'before' as const, seconds })),
    coordinator: [],
  },
  deadline: { family: NOTHING, counsel: NOTHING },
  quietHours: null,
  minLeadMinutes: 1,
  catchUp: false,
};

/**
 * The queue loses every job at the very second a burst of reminders falls due (Redis FLUSHALL; on the PostgreSQL
 * backend, the job rows deleted). With the production sweep interval (1 min), every one of them must still go
 * out, seconds late — not be skipped because the hearing began, nor wait for the reminder to look stale.
 */
describe.each(QUEUE_BACKENDS)('fault: the queue loses its jobs at the due second, on %s', (backend) => {
  let redis: RedisProcess | undefined;
  let sink: SmtpSink;
  let t: TestApp;

  beforeAll(async () => {
    // Its own Redis: FLUSHALL must not wipe the queues of test files running in parallel.
    if (backend === 'redis') redis = await startRedis(() => undefined);
    sink = await startSmtpSink();
    t = await startReminderApp({
      backend,
      sink,
      policy,
      env: {
        ...(redis ? { REDIS_URL: redis.url } : {}),
        REMINDER_SWEEP_INTERVAL: '1m',
        REMINDER_RECONCILE_DUE_INTERVAL: '5s',
      },
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await sink?.close();
    await redis?.stop();
  });

  async function loseEveryJob(): Promise<string> {
    if (redis) {
      const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
      const before = await client.dbsize();
      await client.flushall();
      await client.quit();
      return `FLUSHALL removed ${before} keys`;
    }
    const db = t.app.get(DataSource);
    const removed = (await db.query(`DELETE FROM "${t.config.queue.prefix}_queue".job RETURNING id`)) as [
      unknown[],
      number,
    ];
    return `deleted ${removed[1]} job rows`;
  }

  it(`loses none of the reminders due at the flush (offsets ${OFFSETS.join(', ')} s), and they are late by seconds`, async () => {
    const coordinator = await t.login('coordinator');
    const groups = new Map<number, string[]>();
    for (const offset of OFFSETS) {
      const caseIds: string[] = [];
      for (let i = 0; i < FAMILIES_PER_OFFSET; i++) {
        caseIds.push((await createFamilyCase(t, coordinator, { attorney: i % 4 === 0 })).caseId);
      }
      groups.set(offset, caseIds);
    }
    // The flush second: far enough ahead for every hearing to be planned (and its job added) before it.
    const flushAt =
      Math.ceil((Date.now() + 15_000 + OFFSETS.length * FAMILIES_PER_OFFSET * 400) / 1000) * 1000;
    for (const [offset, caseIds] of groups) {
      for (const caseId of caseIds)
        await scheduleHearing(t, coordinator, caseId, new Date(flushAt + offset * 1000));
    }
    const allCases = [...groups.values()].flat();
    const db = t.app.get(DataSource);
    const dueRows = (await db.query(
      `SELECT id, case_id, status FROM reminders WHERE case_id = ANY($1::uuid[]) AND send_at = $2`,
      [allCases, new Date(flushAt)],
    )) as { id: string; case_id: string; status: string }[];
    expect(Date.now()).toBeLessThan(flushAt - 2_000);
    expect(dueRows.length).toBe(OFFSETS.length * (FAMILIES_PER_OFFSET * 2 + FAMILIES_PER_OFFSET / 4));
    expect(dueRows.every((r) => r.status === 'scheduled')).toBe(true);

    await new Promise((r) => setTimeout(r, flushAt - Date.now()));
    const flushed = await loseEveryJob();
    const [{ pending }] = (await db.query(
      `SELECT count(*)::int AS pending FROM reminders WHERE id = ANY($1::uuid[]) AND status = 'scheduled'`,
      [dueRows.map((r) => r.id)],
    )) as { pending: number }[];

    const dueIds = dueRows.map((r) => r.id);
    await waitUntil(
      async () =>
        (
          (await db.query(
            `SELECT count(*)::int AS n FROM reminders WHERE id = ANY($1::uuid[]) AND status = 'scheduled'`,
            [dueIds],
          )) as { n: number }[]
        )[0].n,
      (n) => n === 0,
      120_000,
      'every reminder due at the flush final',
    );
    await new Promise((r) => setTimeout(r, 1_000));

    // Lost, duplicated and late, per offset, counted from what the SMTP server received.
    const lines: string[] = [];
    let maxLateMs = 0;
    for (const [offset, caseIds] of groups) {
      const ids = new Set(dueRows.filter((r) => caseIds.includes(r.case_id)).map((r) => r.id));
      const received = new Map<string, number>();
      let lateMs = 0;
      for (const m of sink.messages) {
        const id = m.headers.get('x-amparo-reminder');
        if (!id || !ids.has(id)) continue;
        received.set(id, (received.get(id) ?? 0) + 1);
        lateMs = Math.max(lateMs, m.receivedAt.getTime() - flushAt);
      }
      const lost = [...ids].filter((id) => !received.has(id)).length;
      const duplicated = [...received.values()].reduce((n, c) => n + c - 1, 0);
      maxLateMs = Math.max(maxLateMs, lateMs);
      lines.push(
        `offset ${offset} s: ${ids.size} due, lost ${lost}, duplicated ${duplicated}, max late ${lateMs} ms`,
      );
      expect({ offset, lost, duplicated }).toEqual({ offset, lost: 0, duplicated: 0 });
    }
    const statuses = (await db.query(
      `SELECT status, coalesce(status_reason, '') AS reason, count(*)::int AS n FROM reminders
       WHERE id = ANY($1::uuid[]) GROUP BY 1, 2`,
      [dueIds],
    )) as { status: string; reason: string; n: number }[];
    process.stderr.write(
      `[fault] queue lost at the due second (${backend}): ${flushed}, ${pending} of ${dueIds.length} still pending ` +
        `then; ${lines.join('; ')}; rows ${JSON.stringify(statuses)}\n`,
    );
    expect(statuses).toEqual([{ status: 'sent', reason: '', n: dueIds.length }]);
    // Within a couple of REMINDER_RECONCILE_DUE_INTERVALs (5 s here), far below a sweep (1 min).
    expect(maxLateMs).toBeLessThan(20_000);

    // The other reminders of these hearings keep their jobs too (checked by the same reconciler).
    const counts = await countDeliveries(db, sink, allCases);
    expect(counts.duplicated).toBe(0);
    report(`queue lost at the due second (${backend})`, counts, 'later reminders still pending at the end');
  }, 300_000);
});
