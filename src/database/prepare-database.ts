import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { EncryptHandoff1765000002000 } from '../../migrations/1765000002000-encrypt-handoff';
import { AppConfig } from '../config/app-config';
import { readCourts, readLanguages } from '../courts/reference-data';
import { FieldCipher } from '../privacy/field-cipher';

/** Any constant works; it only has to be the same in every process that migrates this database. */
const MIGRATION_LOCK_KEY = 0x616d7061; // "ampa"

/** `cipher`: the application's keys, for migrations that encrypt existing data. */
export function migrationDataSource(url: string, cipher?: FieldCipher): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations: MIGRATIONS.map((m) =>
      m === EncryptHandoff1765000002000 ? EncryptHandoff1765000002000.withCipher(cipher) : m,
    ),
    migrationsTransactionMode: 'each',
    logging: false,
  });
}

/**
 * Brings the schema up to date and loads the reference data (courts, languages). Several processes may start at
 * once (api + workers): a session advisory lock makes them take turns, and the loads are idempotent upserts.
 */
export async function prepareDatabase(
  url: string,
  options: { runMigrations: boolean; crypto?: AppConfig['crypto'] },
): Promise<{ applied: string[] }> {
  const keys = options.crypto;
  const dataSource = migrationDataSource(
    url,
    keys?.encryptionKeys && keys.blindIndexKey ? FieldCipher.fromSettings(keys) : undefined,
  );
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = options.runMigrations ? await dataSource.runMigrations({ transaction: 'each' }) : [];
    if (!options.runMigrations && (await dataSource.showMigrations())) {
      throw new Error(
        'the database schema is behind this version: run `npm run migration:run` (or set MIGRATIONS_RUN=true)',
      );
    }
    await syncReferenceData(dataSource);
    return { applied: applied.map((m) => m.name) };
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}

async function syncReferenceData(dataSource: DataSource): Promise<void> {
  const courts = readCourts();
  const languages = readLanguages();
  await dataSource.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO courts (code, name, city, state, address, time_zone, latitude, longitude, coord_precision, detained, status, note, source)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text, city text, state text, address text,
         "timeZone" text, latitude float8, longitude float8, "coordPrecision" text, detained boolean, status text, note text, source text)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, city = EXCLUDED.city, state = EXCLUDED.state,
         address = EXCLUDED.address, time_zone = EXCLUDED.time_zone, latitude = EXCLUDED.latitude,
         longitude = EXCLUDED.longitude, coord_precision = EXCLUDED.coord_precision, detained = EXCLUDED.detained,
         status = EXCLUDED.status, note = EXCLUDED.note, source = EXCLUDED.source`,
      [JSON.stringify(courts)],
    );
    await tx.query(
      `INSERT INTO languages (code, name, autonym, eoir_code, notes)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text, autonym text, "eoirCode" text, notes text)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, autonym = EXCLUDED.autonym,
         eoir_code = EXCLUDED.eoir_code, notes = EXCLUDED.notes`,
      [JSON.stringify(languages)],
    );
  });
}
