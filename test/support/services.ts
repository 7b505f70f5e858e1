import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';

/** Where the test services' addresses travel from the global setup to every test worker. */
export const TEST_ENV = {
  templateDatabaseUrl: 'AMPARO_TEST_TEMPLATE_DATABASE_URL',
  serverUrl: 'AMPARO_TEST_PG_SERVER_URL',
  redisUrl: 'AMPARO_TEST_REDIS_URL',
} as const;

function onPath(binary: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/**
 * A redis-server binary: from PATH, else installed from the OS packages when we are root with apt,
 * else a clear message on how to get one.
 */
export function findOrInstallRedisServer(log: (line: string) => void): string {
  const existing =
    onPath('redis-server') ??
    ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));
  if (existing) return existing;
  if (userInfo().uid === 0 && onPath('apt-get')) {
    log(
      'redis-server not found: installing the Debian package with apt-get (needed by the queue tests on Redis)…',
    );
    execFileSync(
      'sh',
      ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server'],
      {
        stdio: 'inherit',
      },
    );
    const installed = onPath('redis-server') ?? '/usr/bin/redis-server';
    if (existsSync(installed)) return installed;
  }
  throw new Error(
    'The tests need a Redis server. Install one (Debian/Ubuntu: `sudo apt-get install redis-server`, macOS: ' +
      '`brew install redis`) or point REDIS_URL at a running Redis that the tests may use.',
  );
}

export interface RedisProcess {
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(log: (line: string) => void): Promise<RedisProcess> {
  const binary = findOrInstallRedisServer(log);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'amparo-redis-'));
  const child: ChildProcess = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  await new Promise<void>((ready, fail) => {
    let output = '';
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
      if (output.includes('Ready to accept connections')) ready();
    });
    child.once('exit', (code) =>
      fail(new Error(`redis-server exited (code ${code}): ${output.slice(-1000)}`)),
    );
  });
  child.removeAllListeners('exit');
  child.stdout?.removeAllListeners('data').resume();
  child.stderr?.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}
