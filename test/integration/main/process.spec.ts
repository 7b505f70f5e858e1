import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../src/database/embedded-postgres';
import { isAlive, readPostmasterPid } from '../../support/processes';

const root = join(__dirname, '..', '..', '..');
const entry = join(root, 'dist', 'src', 'main.js');

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  };
  return { ...env, ...extra };
}

async function waitReady(port: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.status === 200) return Date.now() - started;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - started > timeoutMs) throw new Error(`not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });
}

/** Every service process and data folder a test makes, so a failing test still leaves nothing behind. */
const started: ChildProcess[] = [];
const dataDirs: string[] = [];

function startService(env: NodeJS.ProcessEnv, stdio: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  const child = spawn(process.execPath, [entry], { cwd: root, env, stdio: ['ignore', stdio, stdio] });
  started.push(child);
  return child;
}

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'amparo-process-'));
  dataDirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
  }
  for (const dir of dataDirs.splice(0)) {
    const orphan = readPostmasterPid(dir);
    if (orphan && isAlive(orphan)) process.kill(orphan, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Runs the built entry point as a user would (`npm start` builds it the same way, with swc). */
describe('the service process', () => {
  beforeAll(() => {
    execFileSync(join(root, 'node_modules', '.bin', 'swc'), ['src', 'migrations', '-d', 'dist', '--quiet'], {
      cwd: root,
    });
  });

  it.each([
    [{ DATABASE_URL: 'postgres//nohost' }, /^Invalid configuration: DATABASE_URL is not a valid URL/],
    [
      { REDIS_URL: 'http://cache:6379' },
      /^Invalid configuration: REDIS_URL must start with redis:\/\/ or rediss:\/\//,
    ],
  ])('exits 1 with one clear line for %j', (env, expected) => {
    const result = spawnSync(process.execPath, [entry], {
      cwd: root,
      env: baseEnv(env),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(expected);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('starts on embedded PostgreSQL, shuts down cleanly on SIGTERM and SIGINT, and keeps its data', async () => {
    const dataDir = newDataDir();
    const port = await freePort();
    const env = baseEnv({
      DATA_DIR: dataDir,
      PORT: String(port),
      ADMIN_EMAIL: 'root@test.amparo',
      ADMIN_PASSWORD: 'a long enough password',
    });
    {
      // First start: initialises the data folder, migrates, creates the admin.
      let child = startService(env, 'pipe');
      let output = '';
      child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
      const firstMs = await waitReady(port, 30_000);
      const login = await fetch(`http://127.0.0.1:${port}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'root@test.amparo', password: 'a long enough password' }),
      });
      expect(login.status).toBe(200);
      const { accessToken } = (await login.json()) as { accessToken: string };
      const created = await fetch(`http://127.0.0.1:${port}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({
          email: 'kept@test.amparo',
          displayName: 'Kept',
          role: 'attorney',
          password: 'another long password',
        }),
      });
      expect(created.status).toBe(201);
      const pgPid = Number(
        /"msg":"embedded PostgreSQL listening/.test(output) ? readPostmasterPid(dataDir) : 0,
      );
      expect(isAlive(pgPid)).toBe(true);

      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
      expect(isAlive(pgPid)).toBe(false);

      // Second start on the same folder: faster, and the data is still there.
      child = startService(env, 'pipe');
      const secondMs = await waitReady(port, 10_000);
      const again = await fetch(`http://127.0.0.1:${port}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'kept@test.amparo', password: 'another long password' }),
      });
      expect(again.status).toBe(200);
      const pgPid2 = readPostmasterPid(dataDir);
      child.kill('SIGINT');
      expect(await exited(child)).toBe(0);
      expect(isAlive(pgPid2)).toBe(false);
      process.stderr.write(
        `[process test] ready after ${firstMs} ms on first start, ${secondMs} ms on the second\n`,
      );
    }
  });

  it('prints its banner (address, docs, admin login) last, after everything the start-up logged', async () => {
    const dataDir = newDataDir();
    const port = await freePort();
    // At debug every module and route of Nest is logged too; at info they are not shown at all.
    for (const level of ['info', 'debug']) {
      const child = startService(
        baseEnv({ DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: level }),
        'pipe',
      );
      let output = '';
      child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
      await waitReady(port, 30_000);
      await new Promise((r) => setTimeout(r, 1500)); // whatever the start-up still had to write
      const lines = output.trim().split('\n');
      const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
      expect(messages[messages.length - 1]).toBe(
        `Amparo all listening on http://localhost:${port} (API docs at http://localhost:${port}/docs)`,
      );
      expect(messages[messages.length - 2]).toMatch(
        /^development admin login: admin@amparo\.local \/ \S{12,} \(kept in .*dev-secrets\.json\)$/,
      );
      const routes = messages.filter((m) => m.startsWith('Mapped {'));
      if (level === 'debug') expect(routes.length).toBeGreaterThan(50);
      else expect(routes).toEqual([]);
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    }
  });

  it('recovers the data folder after being killed with SIGKILL (orphaned server)', async () => {
    const dataDir = newDataDir();
    const port = await freePort();
    const env = baseEnv({ DATA_DIR: dataDir, PORT: String(port) });
    {
      let child = startService(env);
      await waitReady(port, 30_000);
      const orphan = readPostmasterPid(dataDir);
      child.kill('SIGKILL');
      await exited(child);
      expect(isAlive(orphan)).toBe(true); // the server outlives a killed parent…
      child = startService(env);
      await waitReady(port, 15_000); // …and the next start takes it over
      expect(isAlive(orphan)).toBe(false);
      const current = readPostmasterPid(dataDir);
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
      expect(isAlive(current)).toBe(false);
    }
  });
});
