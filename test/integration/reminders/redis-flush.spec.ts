import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { RedisProcess, startRedis } from '../../support/services';
import { SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { TestApp } from '../../support/test-app';
import { allFinal, countDeliveries, report } from './faults';
import { createFamilyCase, inSeconds, scheduleHearing, startReminderApp, waitUntil } from './support';

/** Its own Redis: FLUSHALL must not wipe the queues of test files running in parallel. */
describe('fault: the Redis database is flushed while reminders are pending (BullMQ on Redis)', () => {
  let redis: RedisProcess;
  let sink: SmtpSink;
  let t: TestApp;

  beforeAll(async () => {
    redis = await startRedis(() => undefined);
    sink = await startSmtpSink();
    t = await startReminderApp({ backend: 'redis', sink, env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
    await redis?.stop();
  });

  it('loses nothing: the reconciler re-adds every missing job from the database', async () => {
    const coordinator = await t.login('coordinator');
    const caseIds: string[] = [];
    for (let i = 0; i < 15; i++) {
      const family = await createFamilyCase(t, coordinator, { attorney: i % 3 === 0 });
      await scheduleHearing(t, coordinator, family.caseId, inSeconds(5 * 60 + 25));
      caseIds.push(family.caseId);
    }
    const db = t.app.get(DataSource);
    const [{ pending }] = (await db.query(
      `SELECT count(*)::int AS pending FROM reminders WHERE case_id = ANY($1::uuid[]) AND status = 'scheduled'`,
      [caseIds],
    )) as { pending: number }[];
    expect(pending).toBe(35);

    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const keysBefore = await client.dbsize();
    await client.flushall();
    const keysAfter = await client.dbsize();
    await client.quit();

    await waitUntil(() => allFinal(db, caseIds), Boolean, 90_000, 'every reminder sent');
    await sink.waitFor((m) => m.length >= pending, 10_000);
    const counts = await countDeliveries(db, sink, caseIds);
    report(
      'redis FLUSHALL with reminders pending',
      counts,
      `redis keys ${keysBefore} → ${keysAfter} at the flush`,
    );
    expect(counts).toMatchObject({
      expected: pending,
      delivered: pending,
      lost: 0,
      duplicated: 0,
      notSent: {},
    });
  });
});
