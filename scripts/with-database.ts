import { join } from 'node:path';
import { AppConfig } from '../src/config/app-config';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';

/** Runs `task` against DATABASE_URL, or against the embedded server (started for the task, then stopped). */
export async function withDatabase<T>(config: AppConfig, task: (url: string) => Promise<T>): Promise<T> {
  if (config.database.url) return task(config.database.url);
  const embedded = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'postgres') });
  try {
    return await task(embedded.url);
  } finally {
    await embedded.stop();
  }
}
