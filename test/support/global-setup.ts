import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { prepareDatabase } from '../../src/database/prepare-database';
import { startRedis, TEST_ENV } from './services';

const log = (line: string) => process.stderr.write(`[test setup] ${line}\n`);

/**
 * Starts what the integration suite needs, on free ports in temporary folders: an embedded PostgreSQL holding a
 * migrated template database (each test file clones it), and a Redis server unless REDIS_URL is given.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const root = mkdtempSync(join(tmpdir(), 'amparo-test-pg-'));
  chmodSync(root, 0o755); // PostgreSQL runs as the 'postgres' user when we are root: it must reach its folder
  // If it still cannot (a private temp folder, a clone under /root), the server runs from reachable copies.
  const postgres = await startEmbeddedPostgres({ dataDir: join(root, 'data'), database: 'amparo_template' });
  for (const note of postgres.notes) log(note);
  const dataDir = postgres.dataDir;
  await prepareDatabase(postgres.url, { runMigrations: true });
  const redis = process.env.REDIS_URL ? undefined : await startRedis(log);

  process.env[TEST_ENV.templateDatabaseUrl] = postgres.url;
  process.env[TEST_ENV.serverUrl] = postgres.url.replace(/\/amparo_template$/, '/postgres');
  process.env[TEST_ENV.redisUrl] = process.env.REDIS_URL ?? redis?.url ?? '';
  (globalThis as Record<string, unknown>).__AMPARO_TEST_SERVICES__ = { postgres, redis, dataDir, root };
  log(
    `PostgreSQL on ${postgres.port}, Redis at ${process.env[TEST_ENV.redisUrl]} (${Date.now() - started} ms)`,
  );
}
