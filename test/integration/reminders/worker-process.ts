import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestApp } from '../../support/test-app';

const root = join(__dirname, '..', '..', '..');
const entry = join(root, 'dist', 'src', 'main.js');

/** Compiles the service as `npm start` does (swc), so the real entry point can be spawned. */
export function buildService(): void {
  execFileSync(join(root, 'node_modules', '.bin', 'swc'), ['src', 'migrations', '-d', 'dist', '--quiet'], {
    cwd: root,
  });
}

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * `node dist/src/main.js worker` against the test app's database, queue and secrets, resolved once it logs
 * "worker started".
 */
export async function spawnWorker(t: TestApp, env: Record<string, string>): Promise<WorkerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'amparo-worker-'));
  const config = t.config;
  const child = spawn(process.execPath, [entry, 'worker'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      DATABASE_URL: t.databaseUrl,
      DATABASE_POOL_SIZE: '10',
      QUEUE_PREFIX: config.queue.prefix,
      ...(config.queue.redisUrl ? { REDIS_URL: config.queue.redisUrl } : {}),
      JWT_SECRET: config.auth.jwtSecret ?? '',
      ENCRYPTION_KEYS: config.crypto.encryptionKeys ?? '',
      ENCRYPTION_ACTIVE_KEY_ID: config.crypto.activeKeyId ?? '',
      BLIND_INDEX_KEY: config.crypto.blindIndexKey ?? '',
      SMTP_URL: config.mail.smtpUrl ?? '',
      PUBLIC_BASE_URL: config.http.publicBaseUrl,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((ready, fail) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (output.includes('worker started')) {
        clearInterval(poll);
        ready();
      } else if (child.exitCode !== null || Date.now() - started > 30_000) {
        clearInterval(poll);
        fail(new Error(`worker did not start: ${output.slice(-2000)}`));
      }
    }, 50);
  });
  return {
    child,
    output: () => output,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
