import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../src/database/embedded-postgres';
import { isAlive, readPostmasterPid } from '../../support/processes';

const root = join(__dirname, '..', '..', '..');


async function until(
  what: string,
  done: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  for (const started = Date.now(); !(await done());) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ready = (port: number) => async () =>
  (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.status === 200;

const login = (port: number, email: string, password: string) =>
  fetch(`http://127.0.0.1:${port}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

describe('npm run start:dev', () => {
  let runner: ChildProcess | undefined;
  let dataDir = '';
  afterEach(async () => {
    if (runner && runner.exitCode === null) {
      runner.kill('SIGKILL');
      await new Promise((r) => runner!.once('exit', r));
    }
    const orphan = readPostmasterPid(dataDir);
    if (orphan && isAlive(orphan)) process.kill(orphan, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('rebuilds and restarts on a change under src/, keeping the embedded database and its data', async () => {
    execFileSync(
      join(root, 'node_modules', '.bin', 'swc'),
      ['src', 'migrations', 'scripts', '-d', 'dist', '--quiet'],
      {
        cwd: root,
      },
    );
    dataDir = mkdtempSync(join(tmpdir(), 'amparo-dev-'));
    const port = await freePort();
    runner = spawn(process.execPath, [join(root, 'dist', 'scripts', 'dev.js')], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        PORT: String(port),
        ADMIN_EMAIL: 'root@test.amparo',
        ADMIN_PASSWORD: 'a long enough password',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    runner.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    runner.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const banners = () =>
      output.split('\n').filter((l) => l.includes(`listening on http://localhost:${port}`)).length;

    await until('first start', ready(port));
    await until('first banner', () => banners() === 1);
    const firstPg = readPostmasterPid(dataDir);
    const admin = (await (await login(port, 'root@test.amparo', 'a long enough password')).json()) as {
      accessToken: string;
    };
    const created = await fetch(`http://127.0.0.1:${port}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.accessToken}` },
      body: JSON.stringify({
        email: 'kept@test.amparo',
        displayName: 'Kept',
        role: 'attorney',
        password: 'another long password',
      }),
    });
    expect(created.status).toBe(201);

    // A save in the editor: the file's time changes.
    const now = new Date();
    utimesSync(join(root, 'src', 'main.ts'), now, now);
    await until('restart', () => banners() === 2, 90_000);
    await until('ready again', ready(port));

    expect(output).toContain('[start:dev] change seen');
    expect(isAlive(firstPg)).toBe(false); // the old server stopped cleanly before the new one started
    const secondPg = readPostmasterPid(dataDir);
    expect(isAlive(secondPg)).toBe(true);
    expect((await login(port, 'kept@test.amparo', 'another long password')).status).toBe(200);

    runner.kill('SIGTERM');
    expect(await new Promise((r) => runner!.once('exit', r))).toBe(0);
    expect(isAlive(secondPg)).toBe(false);
  }, 240_000);
});
