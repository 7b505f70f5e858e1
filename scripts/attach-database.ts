import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { AppConfig } from '../src/config/app-config';
import { withDatabase } from './with-database';

/**
 * The embedded server of a service already running on this data folder (`npm start` in another terminal), if
 * any: its postmaster.pid names the port, and the password sits beside the data folder. Starting a second
 * embedded server on the same folder would stop the running one.
 */
export async function runningEmbeddedUrl(dataDir: string, database = 'amparo'): Promise<string | undefined> {
  const pgData = resolve(dataDir, 'postgres');
  const pidFile = join(pgData, 'postmaster.pid');
  const passwordFile = join(dirname(pgData), `${basename(pgData)}.password`);
  if (!existsSync(pidFile) || !existsSync(passwordFile)) return undefined;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return undefined; // stale pid file: nobody runs it
  }
  const url = `postgres://postgres:${encodeURIComponent(readFileSync(passwordFile, 'utf8').trim())}@127.0.0.1:${Number(port)}/${database}`;
  const probe = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    return url;
  } catch {
    return undefined;
  } finally {
    await probe.end().catch(() => undefined);
  }
}

/** Like `withDatabase`, but joins the embedded server of a running service instead of starting a second one. */
export async function withAttachedDatabase<T>(
  config: AppConfig,
  task: (url: string, attached: boolean) => Promise<T>,
): Promise<T> {
  if (!config.database.url) {
    const running = await runningEmbeddedUrl(config.dataDir);
    if (running) return task(running, true);
  }
  return withDatabase(config, (url) => task(url, false));
}
