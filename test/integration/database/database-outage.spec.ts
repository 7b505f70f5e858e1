import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../../../src/database/embedded-postgres';
import { prepareDatabase } from '../../../src/database/prepare-database';
import { Session, startTestApp, TEST_PASSWORD, TestApp } from '../../support/test-app';

/** A PostgreSQL of its own, so it can be stopped without touching the other test files. */
describe('fault: PostgreSQL is down while the API serves requests', () => {
  let root: string;
  let postgres: EmbeddedPostgres;
  let t: TestApp;
  let coordinator: Session;
  let admin: Session;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'amparo-outage-pg-'));
    chmodSync(root, 0o755);
    postgres = await startEmbeddedPostgres({ dataDir: join(root, 'data'), database: 'amparo' });
    await prepareDatabase(postgres.url, { runMigrations: true });
    // Redis queue: the API's answers depend on PostgreSQL only.
    t = await startTestApp({ backend: 'redis', role: 'api', env: { DATABASE_URL: postgres.url } });
    coordinator = await t.login('coordinator');
    admin = await t.login('admin');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await postgres?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  /** Reads and writes, authenticated and not: each one needs the database. */
  const calls = (): {
    name: string;
    run: () => Promise<{ status: number; headers: Record<string, string>; body: unknown }>;
  }[] => [
    { name: 'GET /children', run: () => t.http().get('/children').set(coordinator.auth) },
    { name: 'GET /cases', run: () => t.http().get('/cases').set(coordinator.auth) },
    { name: 'GET /reminders', run: () => t.http().get('/reminders').set(coordinator.auth) },
    { name: 'GET /courts', run: () => t.http().get('/courts').set(coordinator.auth) },
    {
      name: 'POST /auth/login',
      run: () => t.http().post('/auth/login').send({ email: coordinator.email, password: TEST_PASSWORD }),
    },
    {
      name: 'POST /organizations',
      run: () =>
        t
          .http()
          .post('/organizations')
          .set(admin.auth)
          .send({ name: `Outage Org ${Date.now()}` }),
    },
  ];

  it('answers 503 with Retry-After (never 500) while it is down, and 200 again once it is back', async () => {
    for (const call of calls()) {
      const res = await call.run();
      expect({ call: call.name, ok: res.status < 500 }).toEqual({ call: call.name, ok: true });
    }

    await postgres.stop();
    const seen: string[] = [];
    // Several rounds: the pool's first error is a dropped connection, later ones a refused connection.
    for (let round = 0; round < 3; round++) {
      for (const call of calls()) {
        const res = await call.run();
        seen.push(`${call.name} → ${res.status}`);
        expect({ call: call.name, status: res.status }).toEqual({ call: call.name, status: 503 });
        expect(res.headers['retry-after']).toMatch(/^\d+$/);
        expect(res.body).toMatchObject({ statusCode: 503, code: 'unavailable' });
      }
    }
    const health = await t.http().get('/health/ready');
    expect(health.status).toBe(503);
    expect(health.headers['retry-after']).toMatch(/^\d+$/);

    postgres = await startEmbeddedPostgres({
      dataDir: join(root, 'data'),
      database: 'amparo',
      port: postgres.port,
    });
    const back = Date.now();
    // Connections the pool held before the restart fail once each (still 503, never 500); then 200.
    const read = calls()[0];
    for (;;) {
      const res = await read.run();
      expect(res.status === 200 || res.status === 503).toBe(true);
      if (res.status === 200) break;
      if (Date.now() - back > 30_000) throw new Error(`still ${res.status} 30 s after the restart`);
      await new Promise((r) => setTimeout(r, 200));
    }
    for (const call of calls().slice(0, 5)) {
      const res = await call.run();
      expect({ call: call.name, status: res.status }).toEqual({ call: call.name, status: 200 });
    }
    process.stderr.write(`[fault] PostgreSQL down: ${seen.length} requests, all 503 with Retry-After\n`);
  }, 120_000);
});
