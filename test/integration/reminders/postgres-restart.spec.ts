import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../../../src/database/embedded-postgres';
import { prepareDatabase } from '../../../src/database/prepare-database';
import { SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { QUEUE_BACKENDS, TestApp } from '../../support/test-app';
import { allFinal, countDeliveries, report } from './faults';
import { createFamilyCase, inSeconds, scheduleHearing, startReminderApp, waitUntil } from './support';

const FAMILIES = 25;

/** A PostgreSQL of its own, so it can be stopped and started without touching the other test files. */
describe.each(QUEUE_BACKENDS)('fault: PostgreSQL restarted while the worker sends, on %s', (backend) => {
  let root: string;
  let postgres: EmbeddedPostgres;
  let sink: SmtpSink;
  let t: TestApp;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'amparo-restart-pg-'));
    chmodSync(root, 0o755);
    postgres = await startEmbeddedPostgres({ dataDir: join(root, 'data'), database: 'amparo' });
    await prepareDatabase(postgres.url, { runMigrations: true });
    sink = await startSmtpSink({ delayMs: 250 });
    t = await startReminderApp({
      backend,
      sink,
      env: { DATABASE_URL: postgres.url, REMINDER_CONCURRENCY: '8' },
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await sink?.close();
    await postgres?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('recovers: every reminder is delivered once the database is back', async () => {
    const coordinator = await t.login('coordinator');
    const caseIds: string[] = [];
    const families = [];
    for (let i = 0; i < FAMILIES; i++) families.push(await createFamilyCase(t, coordinator));
    const startsAt = inSeconds(5 * 60 + 4);
    for (const family of families) {
      await scheduleHearing(t, coordinator, family.caseId, startsAt);
      caseIds.push(family.caseId);
    }
    await sink.waitFor((m) => m.length >= 3, 60_000, 'the batch under way');
    const before = sink.messages.length;
    await postgres.stop();
    const downAt = Date.now();
    await new Promise((r) => setTimeout(r, 3_000));
    postgres = await startEmbeddedPostgres({
      dataDir: join(root, 'data'),
      database: 'amparo',
      port: postgres.port,
    });
    const downMs = Date.now() - downAt;

    const db = t.app.get(DataSource);
    await waitUntil(
      () => allFinal(db, caseIds).catch(() => false),
      Boolean,
      120_000,
      'every reminder final after the restart',
    );
    await new Promise((r) => setTimeout(r, 1_000));
    const counts = await countDeliveries(db, sink, caseIds);
    report(
      `PostgreSQL restarted mid-batch (${backend})`,
      counts,
      `${before} sent before the stop, database down ${downMs} ms`,
    );
    expect(counts).toMatchObject({ expected: FAMILIES * 2, lost: 0, notSent: {} });
    expect(counts.duplicated).toBe(0);
  }, 240_000);
});
