/**
 * `npm run start:dev [all|api|worker]`: runs the service and, when a file under src/ or migrations/ changes,
 * rebuilds it (swc, as `build:fast`) and restarts it. A restart stops the service as Ctrl-C does (active jobs
 * finish, pools close, embedded PostgreSQL stops with its data kept) and waits for it to exit before the next
 * start, so two servers never share the data folder. A change that does not compile leaves the service stopped
 * until the next change. Node's own `--watch` is not enough here: it restarts on the built files, midway
 * through a rebuild, and swc's watch mode needs a package we do not ship.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { watch } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const WATCHED = ['src', 'migrations'];
const SETTLE_MS = 200;

const say = (line: string) => process.stderr.write(`[start:dev] ${line}\n`);

let child: ChildProcess | undefined;
let stopping = false;
let pending: NodeJS.Timeout | undefined;
let restarting = false;
let again = false;

function start(): void {
  child = spawn(
    process.execPath,
    ['--enable-source-maps', join(root, 'dist', 'src', 'main.js'), ...process.argv.slice(2)],
    { cwd: root, stdio: 'inherit' },
  );
  const started = child;
  started.once('exit', (code, signal) => {
    if (child === started) child = undefined;
    if (!restarting && !stopping) say(`service exited (${signal ?? code}); waiting for a change`);
  });
}

function stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const running = child;
  if (!running || running.exitCode !== null || running.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    running.once('exit', () => resolve());
    running.kill(signal);
  });
}

function build(): boolean {
  const result = spawnSync(join(root, 'node_modules', '.bin', 'swc'), [...WATCHED, '-d', 'dist', '--quiet'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return result.status === 0;
}

async function restart(): Promise<void> {
  if (restarting) {
    again = true;
    return;
  }
  restarting = true;
  try {
    do {
      again = false;
      say('change seen: stopping the service, rebuilding');
      await stop();
      if (stopping) return;
      if (build()) start();
      else say('build failed; fix it and save again');
    } while (again && !stopping);
  } finally {
    restarting = false;
  }
}

for (const dir of WATCHED) {
  watch(join(root, dir), { recursive: true }, () => {
    clearTimeout(pending);
    pending = setTimeout(() => void restart(), SETTLE_MS);
  });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    clearTimeout(pending);
    // On a terminal the service got Ctrl-C itself; it ignores the same signal twice in a row.
    void stop(signal).then(() => process.exit(0));
  });
}

say(`watching ${WATCHED.join('/, ')}/ (Ctrl-C stops)`);
start();
