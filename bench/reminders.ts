/**
 * Reminder pipeline benchmark, on BullMQ-on-PostgreSQL and on BullMQ-on-Redis, each beside a baseline measured
 * in the same run:
 *   (a) planning + enqueueing the reminders of N hearings (default 100,000; default policy) vs raw BullMQ
 *       addBulk of the same number of jobs;
 *   (b) dispatching M reminders (default 10,000) due at the same moment to a local SMTP server vs raw BullMQ
 *       processing of M jobs that send the same messages with raw nodemailer; lateness p50/p99 (sent − send time;
 *       each reminder may go up to REMINDER_SEND_AHEAD early, so the burst starts that long before its send time),
 *       and raw no-op BullMQ processing of M jobs (the PostgreSQL lateness target is 1.5× that);
 *   (c) the worker process's peak memory while the reminders of (a) are pending.
 *
 *   npm run bench:reminders [-- --hearings 100000 --dispatch 10000 --backends postgres,redis --concurrency 16
 *                                --send-ahead 0s]
 *
 * Starts its own embedded PostgreSQL and redis-server (in temporary folders) and an SMTP server in a child
 * process; the worker is the real service entry (`node dist/src/main.js worker`).
 */
import 'reflect-metadata';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { AppConfig, loadConfig } from '../src/config/app-config';
import { freePort, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { prepareDatabase } from '../src/database/prepare-database';
import { FieldCipher } from '../src/privacy/field-cipher';
import { configureQueueBackend, type QueueBackendKind } from '../src/queue/queue-connection';
import { DEFAULT_REMINDER_POLICY, type ReminderPolicy } from '../src/reminders/planning';
import { ReminderPlanner } from '../src/reminders/reminder-planner.service';
import { ReminderPolicyService } from '../src/reminders/reminder-policy.service';
import { renderReminder } from '../src/reminders/reminder-content';
import { StopLinks } from '../src/reminders/stop-links';
import { logQueueErrors } from '../src/queue/queue-errors';
import { startRedis } from '../test/support/services';

const flags = parseFlags(process.argv.slice(2));
const HEARINGS = Number(flags.hearings ?? 100_000);
const DISPATCH = Number(flags.dispatch ?? 10_000);
const CONCURRENCY = Number(flags.concurrency ?? 16);
const BACKENDS = (flags.backends ?? 'postgres,redis').split(',') as QueueBackendKind[];
const PLAN_BATCH = 2_000; // hearings per planning transaction (a bulk import would do the same)
const PLAN_CONCURRENCY = Number(flags['plan-concurrency'] ?? 3);
/** REMINDER_SEND_AHEAD for the run (e.g. 0s to see dispatch without a send window); the product default if unset. */
const SEND_AHEAD = flags['send-ahead'];
const ADD_BATCH = 5_000; // jobs per addBulk, as ReminderQueue does
const ROOT = join(__dirname, '..', '..');

function parseFlags(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (m) out[m[1]] = m[2] ?? (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true');
  }
  return out;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// ── SMTP server in its own process, so it does not share the event loop with what is measured ──────────────

interface SinkHandle {
  url: string;
  count(): Promise<number>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function runSinkProcess(): void {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  const port = Number(flags['sink-port']);
  server.listen(port, '127.0.0.1', () => process.send?.({ ready: true }));
  process.on('message', (msg: { op: string }) => {
    if (msg.op === 'count') process.send?.({ count: received });
    if (msg.op === 'reset') {
      received = 0;
      process.send?.({ count: 0 });
    }
  });
}

async function startSink(): Promise<SinkHandle> {
  const port = await freePort();
  const child = fork(__filename, ['--smtp-sink', 'true', '--sink-port', String(port)], { stdio: 'inherit' });
  await new Promise<void>((resolve) => child.once('message', () => resolve()));
  const ask = (op: string) =>
    new Promise<number>((resolve) => {
      child.once('message', (m: { count: number }) => resolve(m.count));
      child.send({ op });
    });
  return {
    // A pool of SMTP connections, as a production SMTP_URL would use (smtp-server pauses 100 ms before each greeting).
    url: `smtp://127.0.0.1:${port}/?pool=true&maxConnections=${CONCURRENCY}&maxMessages=100000`,
    count: () => ask('count'),
    reset: async () => void (await ask('reset')),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

// ── data ────────────────────────────────────────────────────────────────────────────────────────────────

const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Phoenix',
];

/** Children with sponsors and cases (a quarter represented), and `hearings` hearings 20–110 days ahead. */
async function seedPlanningData(db: Client, hearings: number): Promise<void> {
  const cases = Math.ceil(hearings / 4);
  const [{ id: org }] = (
    await db.query(`INSERT INTO organizations (name) VALUES ('Bench LSP ' || $1) RETURNING id`, [
      randomBytes(3).toString('hex'),
    ])
  ).rows as { id: string }[];
  const attorneys = Math.ceil(cases / 4 / 150);
  await db.query(
    `WITH u AS (
       INSERT INTO users (email, display_name, role, password_hash)
       SELECT 'bench-atty-' || i || '@bench.test', 'Bench Attorney ' || i, 'attorney', 'x' FROM generate_series(1, $1) i
       RETURNING id)
     INSERT INTO attorneys (user_id, capacity, time_zone) SELECT id, 200, 'America/New_York' FROM u`,
    [attorneys],
  );
  await db.query(
    `INSERT INTO children (organization_id, first_name, last_name, date_of_birth, country_of_birth, a_number_enc,
                           a_number_index, primary_language, release_date, time_zone, email_enc, reminder_language,
                           reminder_channels, reminder_consent)
     SELECT $1, 'Child' || i, 'Bench', '2010-01-01', 'GT', 'x', 'bench-' || i, 'spa', '2025-01-01',
            ($3::text[])[1 + i % 5], 'x', CASE WHEN i % 7 = 0 THEN 'quc' ELSE 'spa' END, '{email}', true
     FROM generate_series(1, $2) i`,
    [org, cases, ZONES],
  );
  await db.query(
    `INSERT INTO sponsors (child_id, first_name, last_name, relationship_category, email_enc, preferred_language,
                           reminder_channels, time_zone)
     SELECT id, 'Sponsor', 'Bench', 1, 'x', 'spa', '{email}', time_zone FROM children WHERE organization_id = $1`,
    [org],
  );
  await db.query(
    `INSERT INTO cases (child_id, organization_id, case_type, court_code, status, attorney_id)
     SELECT c.id, $1, 'removal_defense', 'NYC',
            CASE WHEN a.id IS NULL THEN 'seeking_counsel' ELSE 'represented' END, a.id
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM children WHERE organization_id = $1) c
     LEFT JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM attorneys) a
       ON c.n % 4 = 0 AND a.k = (c.n / 4) % $2`,
    [org, attorneys],
  );
  await db.query(
    `INSERT INTO hearings (case_id, court_code, location_court_code, hearing_type, starts_at, time_zone)
     SELECT k.id, 'NYC', 'NYC', 'master',
            date_trunc('day', now()) + make_interval(days => (20 + (k.n * 4 + j) % 90)::int) + interval '13 hours'
              + make_interval(mins => (((k.n * 4 + j) * 15) % 420)::int),
            'America/New_York'
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM cases WHERE organization_id = $1) k,
          generate_series(0, 3) j
     LIMIT $2`,
    [org, hearings],
  );
}

/** Families whose child and sponsor have real (encrypted) addresses, one hearing each, for the dispatch test. */
async function seedDispatchFamilies(
  db: Client,
  cipher: FieldCipher,
  families: number,
  startsAt: Date,
): Promise<string[]> {
  const [{ id: org }] = (
    await db.query(`INSERT INTO organizations (name) VALUES ('Bench dispatch ' || $1) RETURNING id`, [
      randomBytes(3).toString('hex'),
    ])
  ).rows as { id: string }[];
  const emails = Array.from({ length: families }, (_, i) => cipher.encrypt(`child-${i}@family.bench`));
  const sponsorEmails = Array.from({ length: families }, (_, i) =>
    cipher.encrypt(`sponsor-${i}@family.bench`),
  );
  await db.query(
    `INSERT INTO children (organization_id, first_name, last_name, date_of_birth, country_of_birth, a_number_enc,
                           a_number_index, primary_language, release_date, time_zone, email_enc, reminder_language,
                           reminder_channels, reminder_consent)
     SELECT $1, 'Ana', 'Dispatch', '2010-01-01', 'GT', 'x', 'dispatch-' || i, 'spa', '2025-01-01',
            'America/New_York', e.email, 'spa', '{email}', true
     FROM unnest($2::text[]) WITH ORDINALITY AS e(email, i)`,
    [org, emails],
  );
  await db.query(
    `INSERT INTO sponsors (child_id, first_name, last_name, relationship_category, email_enc, preferred_language,
                           reminder_channels, time_zone)
     SELECT c.id, 'Rosa', 'Dispatch', 1, ($2::text[])[substring(c.a_number_index from 10)::int], 'spa', '{email}',
            'America/New_York'
     FROM children c WHERE c.organization_id = $1`,
    [org, sponsorEmails],
  );
  await db.query(
    `INSERT INTO cases (child_id, organization_id, case_type, court_code, status)
     SELECT id, $1, 'removal_defense', 'NYC', 'seeking_counsel' FROM children WHERE organization_id = $1`,
    [org],
  );
  const rows = (
    await db.query(
      `INSERT INTO hearings (case_id, court_code, location_court_code, hearing_type, starts_at, time_zone)
       SELECT id, 'NYC', 'NYC', 'master', $2, 'America/New_York' FROM cases WHERE organization_id = $1 RETURNING id`,
      [org, startsAt],
    )
  ).rows as { id: string }[];
  return rows.map((r) => r.id);
}

// ── measurements ────────────────────────────────────────────────────────────────────────────────────────

function queueConnection(config: AppConfig): ConnectionOptions {
  return configureQueueBackend({
    redisUrl: config.queue.redisUrl,
    databaseUrl: config.database.url ?? '',
    prefix: config.queue.prefix,
  }).connection;
}

/** The raw baselines' queue; (a) leaves as many delayed jobs in it as ours holds, so (b) compares like with like. */
const RAW_QUEUE = 'bench-raw';

async function rawAddBulk(config: AppConfig, jobs: number): Promise<number> {
  const queue = logQueueErrors(
    new Queue(RAW_QUEUE, { connection: queueConnection(config), prefix: config.queue.prefix }),
    'queue',
  );
  await queue.waitUntilReady();
  const started = Date.now();
  for (let i = 0; i < jobs; i += ADD_BATCH) {
    const n = Math.min(ADD_BATCH, jobs - i);
    await queue.addBulk(
      Array.from({ length: n }, (_, k) => ({
        name: 'send',
        data: { reminderId: `00000000-0000-4000-8000-${String(i + k).padStart(12, '0')}` },
        opts: {
          jobId: `raw_${i + k}`,
          delay: (20 + ((i + k) % 90)) * 86_400_000,
          attempts: 6,
          backoff: { type: 'exponential', delay: 30_000 },
          removeOnComplete: true,
        },
      })),
    );
  }
  const ms = Date.now() - started;
  await queue.close();
  return ms;
}

/**
 * Raw BullMQ: `jobs` jobs all due at one moment, processed at CONCURRENCY by `work`; ms from due to last done.
 * In `queueName` (RAW_QUEUE: beside as many delayed jobs as our queue holds; another name: an empty queue).
 */
async function rawProcessing(
  config: AppConfig,
  queueName: string,
  run: string,
  jobs: number,
  work: (data: { i: number }) => Promise<void>,
): Promise<number> {
  const connection = queueConnection(config);
  const queue = logQueueErrors(
    new Queue<{ i: number }>(queueName, { connection, prefix: config.queue.prefix }),
    'queue',
  );
  await queue.waitUntilReady();
  const dueAt = Date.now() + 5_000 + jobs / 5;
  for (let i = 0; i < jobs; i += ADD_BATCH) {
    const n = Math.min(ADD_BATCH, jobs - i);
    await queue.addBulk(
      Array.from({ length: n }, (_, k) => ({
        name: 'job',
        data: { i: i + k },
        opts: { jobId: `${run}_${i + k}`, delay: Math.max(0, dueAt - Date.now()), removeOnComplete: true },
      })),
    );
  }
  let done = 0;
  let last = 0;
  let resolveFinished: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
  const worker = new Worker<{ i: number }>(
    queueName,
    async (job) => {
      await work(job.data);
      done += 1;
      last = Date.now();
      if (done === jobs) resolveFinished();
    },
    { connection, prefix: config.queue.prefix, concurrency: CONCURRENCY },
  );
  worker.on('error', () => undefined);
  await finished;
  await worker.close();
  if (queueName !== RAW_QUEUE) await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  return last - dueAt;
}

interface PeakMemory {
  rssMb: number;
  peakMb: number;
}

function memoryOf(pid: number): PeakMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

async function spawnWorker(config: AppConfig, env: Record<string, string>): Promise<ChildProcess> {
  // BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" shows where the worker spends its time.
  const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', 'src', 'main.js'), 'worker'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'amparo-bench-worker-')),
      DATABASE_URL: config.database.url ?? '',
      DATABASE_POOL_SIZE: '20',
      QUEUE_PREFIX: config.queue.prefix,
      ...(config.queue.redisUrl ? { REDIS_URL: config.queue.redisUrl } : {}),
      JWT_SECRET: config.auth.jwtSecret ?? '',
      ENCRYPTION_KEYS: config.crypto.encryptionKeys ?? '',
      BLIND_INDEX_KEY: config.crypto.blindIndexKey ?? '',
      SMTP_URL: config.mail.smtpUrl ?? '',
      REMINDER_CONCURRENCY: String(CONCURRENCY),
      REMINDER_DIGEST: 'false',
      REMINDER_DUE_SLACK: '1s',
      ...(SEND_AHEAD ? { REMINDER_SEND_AHEAD: SEND_AHEAD } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  for (let waited = 0; !output.includes('worker started'); waited += 100) {
    if (child.exitCode !== null || waited > 60_000)
      throw new Error(`worker did not start: ${output.slice(-2000)}`);
    await sleep(100);
  }
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
  });
}

const DISPATCH_POLICY: ReminderPolicy = {
  hearing: {
    child: [{ kind: 'before', minutes: 5 }],
    sponsor: [{ kind: 'before', minutes: 5 }],
    attorney: [],
    coordinator: [],
  },
  deadline: DEFAULT_REMINDER_POLICY.deadline,
  quietHours: null,
  minLeadMinutes: 1,
  catchUp: false,
};

async function benchBackend(
  backend: QueueBackendKind,
  serverUrl: string,
  redisUrl: string,
  sink: SinkHandle,
): Promise<void> {
  const dbName = `bench_${backend}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = serverUrl.replace(/\/postgres$/, `/${dbName}`);
  await prepareDatabase(url, { runMigrations: true });
  const secrets = {
    JWT_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  };
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    AMPARO_ROLE: 'api',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'amparo-bench-')),
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: '20',
    REDIS_URL: backend === 'redis' ? redisUrl : undefined,
    QUEUE_PREFIX: 'bench',
    SMTP_URL: sink.url,
    ...(SEND_AHEAD ? { REMINDER_SEND_AHEAD: SEND_AHEAD } : {}),
    ...secrets,
  });
  const app = await createApp(config);
  await app.init();
  const dataSource = app.get(DataSource);
  const planner = app.get(ReminderPlanner);
  const db = new Client({ connectionString: url });
  await db.connect();
  let worker: ChildProcess | undefined;
  try {
    log(`\n── BullMQ on ${backend === 'redis' ? 'Redis' : 'PostgreSQL'} ──`);

    // (a) planning + enqueueing
    let started = Date.now();
    await seedPlanningData(db, HEARINGS);
    const ids = ((await db.query(`SELECT id FROM hearings ORDER BY id`)).rows as { id: string }[]).map(
      (r) => r.id,
    );
    log(`seeded ${ids.length.toLocaleString('en-US')} hearings in ${seconds(Date.now() - started)}`);
    started = Date.now();
    // A few planning transactions at once, as several API processes (or a bulk import) would run them: one
    // plans on the CPU while another writes in PostgreSQL and a third adds its jobs to the queue.
    let next = 0;
    await Promise.all(
      Array.from({ length: PLAN_CONCURRENCY }, async () => {
        for (let i = next; i < ids.length; i = next) {
          next += PLAN_BATCH;
          const batch = ids.slice(i, i + PLAN_BATCH);
          await dataSource.transaction((manager) => planner.planHearings(manager, batch));
        }
      }),
    );
    const planMs = Date.now() - started;
    const [{ rows, enqueued }] = (
      await db.query(
        `SELECT count(*)::int AS rows,
                count(*)::int - (SELECT coalesce(sum(cardinality(reminder_ids)), 0) FROM reminder_outbox)::int AS enqueued
         FROM reminders WHERE status = 'scheduled'`,
      )
    ).rows as { rows: number; enqueued: number }[];
    const rawAddMs = await rawAddBulk(config, rows);
    log(
      `(a) plan + enqueue: ${ids.length.toLocaleString('en-US')} hearings → ${rows.toLocaleString('en-US')} reminder rows ` +
        `(${enqueued.toLocaleString('en-US')} enqueued) in ${seconds(planMs)} (${rate(ids.length, planMs)} hearings, ` +
        `${rate(rows, planMs)} reminders; ${PLAN_CONCURRENCY} transactions of ${PLAN_BATCH.toLocaleString('en-US')} at a time)`,
    );
    log(
      `    raw BullMQ addBulk of ${rows.toLocaleString('en-US')} jobs: ${seconds(rawAddMs)} (${rate(rows, rawAddMs)})` +
        ` → ratio ${(rawAddMs / planMs).toFixed(2)} (target ≥ 0.5)`,
    );

    // (c) the worker's memory with all of that pending
    worker = await spawnWorker(config, {});
    let peak: PeakMemory = { rssMb: 0, peakMb: 0 };
    for (let i = 0; i < 60; i++) {
      const m = memoryOf(worker.pid ?? 0);
      if (m) peak = { rssMb: Math.max(peak.rssMb, m.rssMb), peakMb: Math.max(peak.peakMb, m.peakMb) };
      await sleep(250);
    }
    log(
      `(c) worker process with ${rows.toLocaleString('en-US')} reminders pending: peak RSS ${peak.peakMb.toFixed(0)} MB ` +
        `(sampled max ${peak.rssMb.toFixed(0)} MB over 15 s)`,
    );

    // (b) dispatch
    await dataSource.transaction((manager) =>
      app.get(ReminderPolicyService).save(manager, DISPATCH_POLICY, null),
    );
    const families = Math.ceil(DISPATCH / 2);
    // Every reminder's send window opens at `windowStart` and its send time is REMINDER_SEND_AHEAD later.
    const sendAheadMs = config.reminders.sendAheadSeconds * 1000;
    const windowStart = new Date(Date.now() + 20_000 + families * 3);
    const sendAt = new Date(windowStart.getTime() + sendAheadMs);
    const cipher = FieldCipher.fromSettings({
      encryptionKeys: secrets.ENCRYPTION_KEYS,
      blindIndexKey: secrets.BLIND_INDEX_KEY,
    });
    const dispatchIds = await seedDispatchFamilies(
      db,
      cipher,
      families,
      new Date(sendAt.getTime() + 5 * 60_000),
    );
    for (let i = 0; i < dispatchIds.length; i += PLAN_BATCH) {
      const batch = dispatchIds.slice(i, i + PLAN_BATCH);
      await dataSource.transaction((manager) => planner.planHearings(manager, batch));
    }
    await sink.reset();
    const dispatchCount = families * 2;
    const lead = windowStart.getTime() - Date.now();
    if (lead < 2_000)
      log(`    warning: planning the dispatch took too long; only ${lead} ms before the send time`);
    // Watch the SMTP server (not the database, which the worker is busy with), then let the last records land.
    while ((await sink.count()) < dispatchCount) {
      if (Date.now() - sendAt.getTime() > 600_000) throw new Error('dispatch stuck');
      await sleep(200);
    }
    for (;;) {
      const [{ open }] = (
        await db.query(
          `SELECT count(*)::int AS open FROM reminders WHERE subject_id = ANY($1::uuid[]) AND status = 'scheduled'`,
          [dispatchIds],
        )
      ).rows as { open: number }[];
      if (open === 0) break;
      if (Date.now() - sendAt.getTime() > 600_000) throw new Error(`dispatch stuck: ${open} still scheduled`);
      await sleep(500);
    }
    const stats = (
      await db.query(
        `SELECT status, extract(epoch FROM (sent_at - send_at)) * 1000 AS late_ms,
                extract(epoch FROM (sent_at - start_at)) * 1000 AS from_start_ms, sent_at FROM reminders
         WHERE subject_id = ANY($1::uuid[])`,
        [dispatchIds],
      )
    ).rows as {
      status: string;
      late_ms: number | null;
      from_start_ms: number | null;
      sent_at: Date | null;
    }[];
    const sent = stats.filter((s) => s.status === 'sent');
    const lateness = sent.map((s) => Number(s.late_ms)).sort((a, b) => a - b);
    const fromStart = sent.map((s) => Number(s.from_start_ms)).sort((a, b) => a - b);
    const lastSent = Math.max(...sent.map((s) => (s.sent_at as Date).getTime()));
    // From the moment the jobs may run (the window start) to the last send: comparable with the raw baseline.
    const oursMs = lastSent - windowStart.getTime();
    const received = await sink.count();

    // baselines: raw BullMQ no-op, and raw BullMQ + raw nodemailer sending the same messages
    const noopMs = await rawProcessing(config, RAW_QUEUE, 'noop', dispatchCount, async () => undefined);
    // The very messages the pipeline sent: same recipients, template, stop links and headers, rendered up front.
    const sentRows = (
      await db.query(
        `SELECT r.id, r.recipient_role, r.recipient_key, r.recipient_time_zone, r.channel, r.template_language,
                r.case_id, r.send_at, h.starts_at, h.time_zone, h.hearing_type, ct.name AS court_name, ct.address,
                ct.city, ct.state
         FROM reminders r JOIN hearings h ON h.id = r.subject_id JOIN courts ct ON ct.code = h.location_court_code
         WHERE r.subject_id = ANY($1::uuid[]) ORDER BY r.id`,
        [dispatchIds],
      )
    ).rows as {
      id: string;
      recipient_role: 'child' | 'sponsor';
      recipient_key: string;
      recipient_time_zone: string;
      channel: 'email';
      template_language: string;
      case_id: string;
      send_at: Date;
      starts_at: Date;
      time_zone: string;
      hearing_type: string;
      court_name: string;
      address: string | null;
      city: string;
      state: string;
    }[];
    const stopLinks = new StopLinks(config);
    const messages = sentRows.map((row, i) => {
      const stopUrl = stopLinks.url({
        recipientKey: row.recipient_key,
        channel: row.channel,
        language: row.template_language,
        reminderId: row.id,
      });
      const rendered = renderReminder(
        {
          reminderId: row.id,
          subjectKind: 'hearing',
          caseId: row.case_id,
          recipientRole: row.recipient_role,
          recipientZone: row.recipient_time_zone,
          language: row.template_language,
          childFirstName: 'Ana',
          childLastName: 'Dispatch',
          caseCourtName: row.court_name,
          hearing: {
            startsAt: row.starts_at,
            zone: row.time_zone,
            type: row.hearing_type,
            courtName: row.court_name,
            remote: false,
            remoteLink: null,
            remoteInstructions: null,
            locationName: row.court_name,
            locationAddress: row.address,
            locationCity: row.city,
            locationState: row.state,
          },
        },
        { stopUrl, caseUrl: `${config.http.publicBaseUrl}/cases/${row.case_id}` },
        row.send_at,
      );
      return {
        to: `${row.recipient_role}-${i}@family.bench`,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        headers: {
          'List-Unsubscribe': `<${stopUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'X-Amparo-Reminder': row.id,
          'Auto-Submitted': 'auto-generated',
        },
      };
    });
    const transport = createTransport(sink.url, { from: config.mail.from });
    await sink.reset();
    const sendRaw = async ({ i }: { i: number }) => void (await transport.sendMail(messages[i]));
    const rawMailMs = await rawProcessing(config, RAW_QUEUE, 'mail', messages.length, sendRaw);
    // For reference: the same on an empty queue (no backlog of delayed jobs beside it).
    const rawMailEmptyMs = await rawProcessing(config, 'bench-raw-empty', 'mail', messages.length, sendRaw);
    transport.close();
    const p50 = percentile(lateness, 50);
    const p99 = percentile(lateness, 99);
    const ahead = `${seconds(sendAheadMs)} send-ahead window`;
    log(
      `(b) dispatch: ${sent.length.toLocaleString('en-US')} of ${dispatchCount.toLocaleString('en-US')} sent ` +
        `(${received.toLocaleString('en-US')} received by the SMTP server) in ${seconds(oursMs)} from the moment ` +
        `their jobs could start (${rate(sent.length, oursMs)}), concurrency ${CONCURRENCY}`,
    );
    const backlog = `${rows.toLocaleString('en-US')} delayed jobs`;
    log(
      `    raw BullMQ + raw nodemailer, same messages, on a queue also holding ${backlog} as ours does: ` +
        `${seconds(rawMailMs)} (${rate(dispatchCount, rawMailMs)}) → ratio ${(rawMailMs / oursMs).toFixed(2)} (target ≥ 0.5)`,
    );
    log(
      `    (the same on an empty queue: ${seconds(rawMailEmptyMs)} (${rate(dispatchCount, rawMailEmptyMs)}) → ` +
        `ratio ${(rawMailEmptyMs / oursMs).toFixed(2)})`,
    );
    const target = backend === 'redis' ? 2_000 : 1.5 * noopMs;
    log(
      `    lateness (sent − send time, ${ahead}; negative = early): p50 ${seconds(p50)}, p99 ${seconds(p99)}` +
        ` (after the window opened: p50 ${seconds(percentile(fromStart, 50))}, p99 ${seconds(percentile(fromStart, 99))})`,
    );
    log(
      `    raw no-op processing of ${dispatchCount.toLocaleString('en-US')} jobs beside ${backlog} ${seconds(noopMs)} ` +
        `(${rate(dispatchCount, noopMs)}) → p99 target ${seconds(target)}${backend === 'redis' ? '' : ' (1.5× raw)'}: ` +
        `${p99 <= target ? 'met' : 'NOT met'}`,
    );
  } finally {
    if (worker) await stopProcess(worker);
    await app.close();
    await db.end();
  }
}

async function main(): Promise<void> {
  if (flags['smtp-sink']) return runSinkProcess();
  log(
    `reminders bench: ${HEARINGS.toLocaleString('en-US')} hearings to plan, ${DISPATCH.toLocaleString('en-US')} ` +
      `reminders to dispatch, concurrency ${CONCURRENCY}, backends ${BACKENDS.join(', ')}`,
  );
  const root = mkdtempSync(join(tmpdir(), 'amparo-bench-pg-'));
  chmodSync(root, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: join(root, 'data'), database: 'postgres' });
  const redis = BACKENDS.includes('redis') ? await startRedis(log) : undefined;
  const sink = await startSink();
  try {
    for (const backend of BACKENDS) await benchBackend(backend, postgres.url, redis?.url ?? '', sink);
  } finally {
    await sink.stop();
    await redis?.stop();
    await postgres.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  () => {
    if (!flags['smtp-sink']) process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
