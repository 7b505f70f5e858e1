/**
 * CSV import benchmark: a 20,000-row children CSV (valid rows from the demo generator) imported through the real
 * HTTP endpoint (multipart upload, streamed) of the real application, against an embedded PostgreSQL started in a
 * temporary folder. Prints rows/s and peak memory for a first import (creates), a re-import of the same file
 * (nothing changes) and an import of the same children with changed contacts and addresses (updates), beside a
 * baseline measured in the same run: plain multi-row INSERTs of the same rows, already validated and encrypted,
 * into scratch tables shaped like children (and like sponsors, address history and audit events, which an
 * import also writes).
 *
 * Then, the API's responsiveness: GET /health latency (p50/p99/max, probed every 25 ms) while a 10 MB file of bad rows
 * under a valid header is imported inline (IMPORT_SYNC_MAX_BYTES raised for it) and queued (a worker in this
 * process), against a target p99 of HEALTH_P99_TARGET_MS.
 *
 *   npm run bench:import [-- --rows 20000 --seed 1 --health-mb 10]
 */
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { Client } from 'pg';
import { demoChildren, Row, toCsv } from '../scripts/demo-data';
import { parseFlags } from '../scripts/service-config';
import { createApp } from '../src/app.factory';
import { UsersService } from '../src/auth/users.service';
import { todayIn } from '../src/time';
import { loadConfig } from '../src/config/app-config';
import { CourtsService } from '../src/courts/courts.service';
import { freePort, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { prepareDatabase } from '../src/database/prepare-database';
import { CHILD_COLUMNS, resolveHeader } from '../src/imports/csv-columns';
import { ImportReportView } from '../src/imports/imports.views';
import { prepareChildRow, PreparedChild } from '../src/imports/row-mapping';
import { OrganizationsService } from '../src/organizations/organizations.service';
import { FieldCipher } from '../src/privacy/field-cipher';

const HEADER = CHILD_COLUMNS.map((c) => c.name);
const MB = 1024 * 1024;

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

interface Measured<T> {
  value: T;
  ms: number;
  peakRss: number;
  peakHeap: number;
  startRss: number;
}

/** Runs `work` while sampling this process's memory every 10 ms (server and streaming client share it). */
async function measure<T>(work: () => Promise<T>): Promise<Measured<T>> {
  gc();
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  let peakHeap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);
  const started = performance.now();
  try {
    const value = await work();
    return { value, ms: performance.now() - started, peakRss, peakHeap, startRss };
  } finally {
    clearInterval(timer);
  }
}

/** POSTs a file as multipart/form-data, streaming it from disk (the client never holds the file). */
function upload(port: number, path: string, token: string, file: string): Promise<ImportReportView> {
  const boundary = `----amparo-bench-${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="children.csv"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': head.length + statSync(file).size + tail.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ImportReportView;
          if (res.statusCode !== 200)
            reject(new Error(`import answered ${res.statusCode}: ${JSON.stringify(body)}`));
          else resolve(body);
        });
      },
    );
    req.on('error', reject);
    req.write(head);
    const stream = createReadStream(file);
    stream.on('error', reject);
    stream.on('end', () => req.end(tail));
    stream.pipe(req, { end: false });
  });
}

async function login(port: number, email: string, password: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** The rows the import writes for one child, prepared outside the timing (validated, encrypted, placed). */
interface BaselineRows {
  child: unknown[];
  sponsor: unknown[];
  address: unknown[];
}

const CHILD_COLS = [
  'id',
  'organization_id',
  'first_name',
  'last_name',
  'date_of_birth',
  'country_of_birth',
  'a_number_enc',
  'a_number_index',
  'primary_language',
  'other_languages',
  'spanish_proficiency',
  'release_date',
  'designated_unaccompanied',
  'street_enc',
  'city',
  'state',
  'zip',
  'county',
  'county_fips',
  'latitude',
  'longitude',
  'time_zone',
  'phone_enc',
  'email_enc',
  'reminder_language',
  'reminder_channels',
  'reminder_consent',
  'reminder_consent_at',
];
const SPONSOR_COLS = [
  'child_id',
  'first_name',
  'last_name',
  'relationship_category',
  'relationship',
  'street_enc',
  'city',
  'state',
  'zip',
  'time_zone',
  'phone_enc',
  'email_enc',
  'preferred_language',
  'reminder_channels',
];
const ADDRESS_COLS = [
  'child_id',
  'street_enc',
  'city',
  'state',
  'zip',
  'county',
  'latitude',
  'longitude',
  'time_zone',
  'moved_at',
];
const AUDIT_COLS = ['action', 'entity_type', 'entity_id', 'details'];

function baselineRows(p: PreparedChild, organizationId: string, cipher: FieldCipher): BaselineRows {
  const id = randomUUID();
  const place = p.address!.place;
  const s = p.sponsor!;
  const now = new Date();
  return {
    child: [
      id,
      organizationId,
      p.firstName,
      p.lastName,
      p.dateOfBirth,
      p.countryOfBirth,
      cipher.encrypt(p.aNumber),
      cipher.blindIndex(p.aNumber),
      p.primaryLanguage,
      p.otherLanguages ?? [],
      p.spanishProficiency ?? 'none',
      p.releaseDate,
      true,
      cipher.encrypt(p.address!.street),
      place.city,
      place.state,
      place.zip,
      place.county,
      place.countyFips,
      place.lat,
      place.lon,
      place.timeZone,
      cipher.encrypt(p.phone ?? null),
      cipher.encrypt(p.email ?? null),
      p.reminderLanguage ?? null,
      p.reminderChannels ?? [],
      p.reminderConsent ?? false,
      p.reminderConsent ? now : null,
    ],
    sponsor: [
      id,
      s.firstName,
      s.lastName,
      s.relationshipCategory,
      s.relationship ?? null,
      cipher.encrypt(s.address?.street ?? null),
      s.address?.place.city ?? null,
      s.address?.place.state ?? null,
      s.address?.place.zip ?? null,
      s.address?.place.timeZone ?? null,
      cipher.encrypt(s.phone ?? null),
      cipher.encrypt(s.email ?? null),
      s.preferredLanguage ?? null,
      s.reminderChannels ?? [],
    ],
    address: [
      id,
      cipher.encrypt(p.address!.street),
      place.city,
      place.state,
      place.zip,
      place.county,
      place.lat,
      place.lon,
      place.timeZone,
      new Date(`${p.releaseDate}T12:00:00Z`),
    ],
  };
}

/** Plain multi-row INSERT ... VALUES, 1,000 rows a statement (parameters, as any driver would send them). */
async function insertAll(db: Client, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const slice = rows.slice(i, i + 1000);
    const values: unknown[] = [];
    const tuples = slice.map((r) => {
      const base = values.length;
      values.push(...r);
      return `(${r.map((_, j) => `$${base + j + 1}`).join(', ')})`;
    });
    await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
  }
}

function changed(rows: Row[]): Row[] {
  // Every child gets a new phone; one in four moves to a new street (a move: address history grows).
  return rows.map((r, i) => ({
    ...r,
    phone: `(202) 555-01${String(i % 100).padStart(2, '0')}`,
    ...(i % 4 === 0 ? { street: `${1000 + (i % 8000)} Moved Ave` } : {}),
  }));
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pad = (s: string, n: number) => s.padStart(n);

const HEALTH_P99_TARGET_MS = 200;

/** POSTs a CSV (multipart) and answers with the status and body, whatever the status. */
async function post(
  port: number,
  path: string,
  token: string,
  csv: Buffer,
): Promise<{ status: number; body: { id: string; failed: number; status: string } }> {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'bad.csv');
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as { id: string; failed: number; status: string } };
}

/** GET /health every 25 ms until `work` settles: sorted latencies in ms. */
async function healthDuring(port: number, work: Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let done = false;
  void work.then(
    () => (done = true),
    () => (done = true),
  );
  while (!done) {
    const started = performance.now();
    await fetch(`http://127.0.0.1:${port}/health`);
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 25));
  }
  await work;
  return latencies.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const rowCount = Number(flags.rows ?? 20_000);
  const seed = Number(flags.seed ?? 1);
  const dir = mkdtempSync(join(tmpdir(), 'amparo-bench-import-'));
  const postgres = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), database: 'bench' });
  let app: INestApplication | undefined;
  try {
    await prepareDatabase(postgres.url, { runMigrations: true });
    const port = await freePort();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      AMPARO_ROLE: 'api',
      // The throughput runs are inline imports, and the responsiveness runs read every bad row.
      IMPORT_SYNC_MAX_BYTES: String(100 * MB),
      IMPORT_MAX_ERRORS: '1000000',
      DATA_DIR: dir,
      DATABASE_URL: postgres.url,
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_SECRET: randomBytes(32).toString('hex'),
      ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
    });
    app = await createApp(config);
    await app.listen(port, '127.0.0.1');

    const organizations = app.get(OrganizationsService);
    const [org, warmOrg] = [
      await organizations.create({ name: 'Bench' }),
      await organizations.create({ name: 'Warm-up' }),
    ];
    const users = app.get(UsersService);
    const password = randomBytes(12).toString('base64url');
    for (const [email, organizationId] of [
      ['bench@bench.example', org.id],
      ['warm@bench.example', warmOrg.id],
    ]) {
      await users.create({ email, displayName: 'Bench', role: 'coordinator', password, organizationId });
    }
    const token = await login(port, 'bench@bench.example', password);
    const warmToken = await login(port, 'warm@bench.example', password);

    const today = new Date();
    const files = {
      first: join(dir, 'children.csv'),
      changed: join(dir, 'children-changed.csv'),
      warm: join(dir, 'warm.csv'),
    };
    {
      // Generated, written, and let go: the imports run with only the files on disk.
      const rows = demoChildren(rowCount, { seed, today });
      writeFileSync(files.first, toCsv(HEADER, rows));
      writeFileSync(files.changed, toCsv(HEADER, changed(rows)));
    }
    writeFileSync(files.warm, toCsv(HEADER, demoChildren(500, { seed: seed + 1000, today })));
    const size = statSync(files.first).size;

    await upload(port, '/imports/children', warmToken, files.warm); // JIT and pool warm-up, another organization
    const runs: Array<[string, Measured<ImportReportView>]> = [];
    runs.push([
      'first import (creates)',
      await measure(() => upload(port, '/imports/children', token, files.first)),
    ]);
    runs.push([
      're-import, same file (unchanged)',
      await measure(() => upload(port, '/imports/children', token, files.first)),
    ]);
    runs.push([
      'import with changes (updates)',
      await measure(() => upload(port, '/imports/children', token, files.changed)),
    ]);
    for (const [name, run] of runs) {
      const r = run.value;
      if (r.failed || r.total !== rowCount)
        throw new Error(
          `${name}: unexpected report ${JSON.stringify({ ...r, errors: r.errors.slice(0, 3) })}`,
        );
    }

    // Baseline: the same rows, validated and encrypted beforehand, inserted with plain multi-row INSERTs.
    const rows = demoChildren(rowCount, { seed, today }); // the same rows again (same seed)
    const cipher = app.get(FieldCipher);
    const context = {
      today: todayIn('UTC', today),
      knownLanguages: await app.get(CourtsService).knownLanguageCodes(),
    };
    const columns = resolveHeader('children', HEADER);
    const prepared = rows.map((r, i) => {
      const p = prepareChildRow(
        i + 2,
        columns,
        HEADER.map((h) => r[h] ?? ''),
        context,
      ).prepared;
      if (!p) throw new Error(`row ${i + 2} is not valid`);
      return baselineRows(p, org.id, cipher);
    });
    const db = new Client({ connectionString: postgres.url });
    await db.connect();
    const baselines: Array<[string, Measured<void>]> = [];
    try {
      await db.query(`CREATE TABLE bench_children (LIKE children INCLUDING ALL)`);
      await db.query(`CREATE TABLE bench_sponsors (LIKE sponsors INCLUDING ALL)`);
      await db.query(`CREATE TABLE bench_addresses (LIKE child_addresses INCLUDING ALL)`);
      await db.query(`CREATE TABLE bench_audit (LIKE audit_events INCLUDING ALL)`);
      await insertAll(
        db,
        'bench_children',
        CHILD_COLS,
        prepared.slice(0, 500).map((p) => p.child),
      ); // warm-up
      await db.query('TRUNCATE bench_children');
      baselines.push([
        'baseline: INSERT children only',
        await measure(() =>
          insertAll(
            db,
            'bench_children',
            CHILD_COLS,
            prepared.map((p) => p.child),
          ),
        ),
      ]);
      baselines.push([
        'baseline: INSERT children + sponsors + history + audit',
        await measure(async () => {
          await db.query('TRUNCATE bench_children');
          await insertAll(
            db,
            'bench_children',
            CHILD_COLS,
            prepared.map((p) => p.child),
          );
          await insertAll(
            db,
            'bench_sponsors',
            SPONSOR_COLS,
            prepared.map((p) => p.sponsor),
          );
          await insertAll(
            db,
            'bench_addresses',
            ADDRESS_COLS,
            prepared.map((p) => p.address),
          );
          await insertAll(
            db,
            'bench_audit',
            AUDIT_COLS,
            prepared.map((p) => ['child.import', 'child', p.child[0], { operation: 'create' }]),
          );
        }),
      ]);
    } finally {
      await db.end();
    }

    const line = (name: string, ms: number, extra: string) =>
      console.log(
        `${name.padEnd(56)}${pad(fmt(rowCount), 8)}${pad(`${fmt(ms / 1000, 2)} s`, 10)}${pad(fmt((rowCount / ms) * 1000), 10)}${extra}`,
      );
    console.log(
      `bench:import — ${fmt(rowCount)} children rows (CSV ${fmt(size / MB, 1)} MB, with sponsors), embedded PostgreSQL, ` +
        `real app over HTTP (multipart, streamed) in this process; Node ${process.version}`,
    );
    console.log(
      `${''.padEnd(56)}${pad('rows', 8)}${pad('time', 10)}${pad('rows/s', 10)}   peak RSS (start → peak)   peak heap`,
    );
    for (const [name, run] of runs) {
      const r = run.value;
      line(
        name,
        run.ms,
        `   ${fmt(run.startRss / MB)} → ${fmt(run.peakRss / MB)} MB${''.padEnd(9)}${fmt(run.peakHeap / MB)} MB` +
          `   [created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, failed ${r.failed}]`,
      );
    }
    for (const [name, run] of baselines) line(name, run.ms, '');
    const first = runs[0][1].ms;
    const [childOnly, allTables] = baselines.map(([, b]) => b.ms);
    console.log(
      `ratio first import / baseline: ${fmt(first / childOnly, 1)}× the children-only INSERT, ` +
        `${fmt(first / allTables, 1)}× the INSERT of everything an import writes ` +
        `(the import also parses, validates, encrypts, looks up existing children and answers per row)`,
    );

    // Responsiveness: /health while a big file of bad rows is read, inline and by a worker.
    const healthMb = Number(flags['health-mb'] ?? 10);
    const badLine = toCsv(
      HEADER,
      demoChildren(1, { seed, today }).map((r) => ({ ...r, zip: '00000' })),
    ).split('\n')[1];
    const bad = Buffer.from(
      `${HEADER.join(',')}\n${`${badLine}\n`.repeat(Math.ceil((healthMb * MB) / (badLine.length + 1)))}`,
    );
    const worker = await createApp({ ...config, role: 'worker' });
    await worker.init();
    try {
      const follow = async (id: string) => {
        for (;;) {
          const res = await fetch(`http://127.0.0.1:${port}/imports/${id}`, {
            headers: { Authorization: `Bearer ${token}` },
          });
          const body = (await res.json()) as { status: string; failed: number };
          if (body.status === 'completed' || body.status === 'failed') return body;
          await new Promise((r) => setTimeout(r, 200));
        }
      };
      for (const [name, query] of [
        [`${fmt(bad.length / MB, 1)} MB of bad rows, inline`, ''],
        [`${fmt(bad.length / MB, 1)} MB of bad rows, queued (worker in this process)`, '?async=true'],
      ]) {
        const work = (async () => {
          const res = await post(port, `/imports/children${query}`, token, bad);
          if (res.status !== (query ? 202 : 200)) throw new Error(`${name}: answered ${res.status}`);
          return query ? follow(res.body.id) : res.body;
        })();
        const started = performance.now();
        const latencies = await healthDuring(port, work);
        const report = await work;
        const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
        const p99 = at(0.99);
        console.log(
          `/health during ${name}: ${fmt(report.failed)} failed rows in ${fmt((performance.now() - started) / 1000, 1)} s; ` +
            `${latencies.length} probes p50 ${fmt(at(0.5))} ms, p99 ${fmt(p99)} ms, max ${fmt(latencies[latencies.length - 1])} ms ` +
            `— target p99 < ${HEALTH_P99_TARGET_MS} ms: ${p99 < HEALTH_P99_TARGET_MS ? 'met' : 'NOT met'}`,
        );
      }
    } finally {
      await worker.close();
    }
  } finally {
    await app?.close();
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
