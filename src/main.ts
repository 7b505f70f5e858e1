import 'reflect-metadata';
import 'dotenv/config';
import { ConfigError, loadConfig, Role } from './config/app-config';
import { withDevSecrets } from './config/dev-secrets';
import { startService } from './bootstrap';

/** `node dist/src/main.js [all|api|worker]`; the argument overrides AMPARO_ROLE. */
function roleFromArgs(argv: string[]): Role | undefined {
  const arg = argv.find((a) => ['all', 'api', 'worker'].includes(a.replace(/^--role=/, '')));
  return arg ? (arg.replace(/^--role=/, '') as Role) : undefined;
}

async function main(): Promise<void> {
  const log = (line: string) =>
    process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: line })}\n`);
  let config;
  try {
    config = withDevSecrets(loadConfig(process.env));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  config = { ...config, role: roleFromArgs(process.argv.slice(2)) ?? config.role };

  const service = await startService(config, log);
  const admin = config.auth.initialAdmin;
  if (config.env !== 'production' && admin && !process.env.ADMIN_EMAIL && config.role !== 'worker') {
    log(
      `development admin login: ${admin.email} / ${admin.password} (kept in ${config.dataDir}/dev-secrets.json)`,
    );
  }
  log(
    config.role === 'worker'
      ? 'worker started'
      : `Amparo ${config.role} listening on http://localhost:${config.http.port} (API docs at /docs)`,
  );

  let firstSignalAt: number | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (firstSignalAt !== undefined) {
      // npm forwards the terminal's Ctrl-C too, so one keypress can arrive twice: only a later one forces.
      if (Date.now() - firstSignalAt < 1500) return;
      log(`${signal} again: exiting without waiting for active jobs`);
      service.abandon();
      process.exit(1);
    }
    firstSignalAt = Date.now();
    log(`${signal}: shutting down (finishing active jobs)`);
    service.shutdown().then(
      () => {
        log('shutdown complete');
        process.exit(0);
      },
      (err: unknown) => {
        process.stderr.write(`shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`Amparo failed to start: ${message}\n`);
  process.exit(1);
});
