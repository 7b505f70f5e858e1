import 'reflect-metadata';
import 'dotenv/config';
import { ConfigError, loadConfig, Role } from './config/app-config';
import { withDevSecrets } from './config/dev-secrets';
import { startService } from './bootstrap';
import { stdoutDestination } from './common/logging';
import { Logger } from './logging/logger.module';

/** `node dist/src/main.js [all|api|worker]`; the argument overrides AMPARO_ROLE. */
function roleFromArgs(argv: string[]): Role | undefined {
  const arg = argv.find((a) => ['all', 'api', 'worker'].includes(a.replace(/^--role=/, '')));
  return arg ? (arg.replace(/^--role=/, '') as Role) : undefined;
}

async function main(): Promise<void> {
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
  // The process's own lines, written at once, in the application's format (JSON, or readable on a terminal).
  const out = stdoutDestination(config) ?? process.stdout;
  const log = (line: string) => out.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: line })}\n`);

  const service = await startService(config, log);
  // The banner comes last: queued behind every line the start-up logged (pino writes stdout in the background).
  const announce = (line: string) => service.app.get(Logger).announce(line);
  const admin = config.auth.initialAdmin;
  if (config.env !== 'production' && admin && !process.env.ADMIN_EMAIL && config.role !== 'worker') {
    announce(
      `development admin login: ${admin.email} / ${admin.password} (kept in ${config.dataDir}/dev-secrets.json)`,
    );
  }
  announce(
    config.role === 'worker'
      ? 'worker started'
      : `Amparo ${config.role} listening on http://localhost:${config.http.port} (API docs at http://localhost:${config.http.port}/docs)`,
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
