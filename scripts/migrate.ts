import { prepareDatabase } from '../src/database/prepare-database';
import { scriptConfig } from './service-config';
import { withDatabase } from './with-database';

/** `npm run migration:run`: applies pending migrations and refreshes reference data, then exits. */
async function main(): Promise<void> {
  const config = scriptConfig();
  const { applied } = await withDatabase(config, (url) => prepareDatabase(url, { runMigrations: true, crypto: config.crypto }));
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema already up to date\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
