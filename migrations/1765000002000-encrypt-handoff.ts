import { MigrationInterface, QueryRunner } from 'typeorm';
import { FieldCipher } from '../src/privacy/field-cipher';

const BATCH = 1000;

/**
 * A case's handoff notes (health, mental health, school, shelter notes, safety flags) move from plain `jsonb` to
 * `handoff_enc`, the JSON text encrypted with the application's FieldCipher like contact data (NULL = no notes).
 * Existing notes are encrypted here, in the migration's transaction, so no plain copy is left in a column: the
 * migration needs the application's keys (prepareDatabase passes them; without them it refuses, naming what to
 * do, unless there is nothing to encrypt — a new database). PostgreSQL keeps the old row versions until VACUUM.
 */
export class EncryptHandoff1765000002000 implements MigrationInterface {
  name = 'EncryptHandoff1765000002000';

  constructor(private readonly cipher?: FieldCipher) {}

  /** This migration with the application's keys (TypeORM instantiates migrations without arguments). */
  static withCipher(cipher: FieldCipher | undefined): typeof EncryptHandoff1765000002000 {
    return class extends EncryptHandoff1765000002000 {
      constructor() {
        super(cipher);
      }
    };
  }

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN handoff_enc text`);
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows = (await q.query(
        `SELECT id, handoff::text AS handoff FROM cases WHERE handoff <> '{}'::jsonb AND id > $1 ORDER BY id LIMIT ${BATCH}`,
        [after],
      )) as { id: string; handoff: string }[];
      if (rows.length === 0) break;
      const cipher = this.requireCipher();
      // Two array parameters per batch, whatever its size.
      await q.query(
        `UPDATE cases k SET handoff_enc = x.enc FROM unnest($1::uuid[], $2::text[]) AS x(id, enc) WHERE k.id = x.id`,
        [rows.map((r) => r.id), rows.map((r) => cipher.encrypt(JSON.stringify(JSON.parse(r.handoff))))],
      );
      after = rows[rows.length - 1].id;
    }
    await q.query(`ALTER TABLE cases DROP COLUMN handoff`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN handoff jsonb NOT NULL DEFAULT '{}'::jsonb`);
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows = (await q.query(
        `SELECT id, handoff_enc FROM cases WHERE handoff_enc IS NOT NULL AND id > $1 ORDER BY id LIMIT ${BATCH}`,
        [after],
      )) as { id: string; handoff_enc: string }[];
      if (rows.length === 0) break;
      const cipher = this.requireCipher();
      await q.query(
        `UPDATE cases k SET handoff = x.plain::jsonb FROM unnest($1::uuid[], $2::text[]) AS x(id, plain) WHERE k.id = x.id`,
        [rows.map((r) => r.id), rows.map((r) => cipher.decrypt(r.handoff_enc))],
      );
      after = rows[rows.length - 1].id;
    }
    await q.query(`ALTER TABLE cases DROP COLUMN handoff_enc`);
  }

  private requireCipher(): FieldCipher {
    if (!this.cipher) {
      throw new Error(
        'encrypting the existing case handoff notes needs the encryption keys: run the migration through ' +
          '`npm start` or `npm run migration:run` with the same ENCRYPTION_KEYS and BLIND_INDEX_KEY as the service',
      );
    }
    return this.cipher;
  }
}
