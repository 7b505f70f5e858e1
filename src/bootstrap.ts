import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import { createApp } from './app.factory';
import { AppConfig } from './config/app-config';
import { startEmbeddedPostgres, EmbeddedPostgres } from './database/embedded-postgres';
import { prepareDatabase } from './database/prepare-database';
import { LifecycleState } from './health/lifecycle-state';

export interface RunningService {
  app: INestApplication;
  config: AppConfig;
  /** Stops taking requests and jobs, lets active jobs finish, closes pools, then stops embedded PostgreSQL. */
  shutdown(): Promise<void>;
  /** Last resort on a forced exit: signal the embedded server to stop without waiting. */
  abandon(): void;
}

/** Resolves the database (starting the embedded one when DATABASE_URL is unset), migrates, and starts the roles. */
export async function startService(config: AppConfig, log: (line: string) => void): Promise<RunningService> {
  let embedded: EmbeddedPostgres | undefined;
  if (!config.database.url) {
    const started = Date.now();
    embedded = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'postgres') });
    for (const note of embedded.notes) log(`embedded PostgreSQL: ${note}`);
    log(
      `embedded PostgreSQL listening on 127.0.0.1:${embedded.port} (data in ${embedded.dataDir}, ${Date.now() - started} ms)`,
    );
  }
  const resolved: AppConfig = {
    ...config,
    database: { ...config.database, url: config.database.url ?? embedded?.url },
  };
  let app: INestApplication | undefined;
  try {
    const { applied } = await prepareDatabase(resolved.database.url ?? '', {
      runMigrations: config.database.migrationsRun,
      crypto: config.crypto,
    });
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
    app = await createApp(resolved);
    if (config.role === 'worker') await app.init();
    else await app.listen(config.http.port, config.http.host);
  } catch (err) {
    await app?.close().catch(() => undefined);
    await embedded?.stop();
    throw err;
  }
  const running = app;
  let closing: Promise<void> | undefined;
  return {
    app: running,
    config: resolved,
    shutdown() {
      closing ??= (async () => {
        running.get(LifecycleState).shuttingDown = true;
        await running.close();
        await embedded?.stop();
      })();
      return closing;
    },
    abandon() {
      if (embedded?.pid) {
        try {
          process.kill(embedded.pid, 'SIGINT');
        } catch {
          /* already gone */
        }
      }
    },
  };
}
