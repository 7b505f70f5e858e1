import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports stop reading after IMPORT_MAX_ERRORS failed rows (a file of bad rows is a wrong file, not 50 MB of
 * work): `stopped_early` says the report covers the rows up to that point only.
 */
export class ImportStoppedEarly1765000006000 implements MigrationInterface {
  name = 'ImportStoppedEarly1765000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE imports ADD COLUMN stopped_early boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE imports DROP COLUMN stopped_early`);
  }
}
