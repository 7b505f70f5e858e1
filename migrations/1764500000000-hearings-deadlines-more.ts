import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What hearings and deadlines need beyond the first schema: decisions (triggers of appeal and motion
 * deadlines), per-court closure dates and filing-day settings (inputs of the deadline engine), more columns on
 * deadlines (the engine's source and the computed date; for manual deadlines, the computed one they replace),
 * and secret, revocable calendar feeds (only a SHA-256 of the token is stored).
 */
export class HearingsDeadlinesMore1764500000000 implements MigrationInterface {
  name = 'HearingsDeadlinesMore1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        hearing_id uuid REFERENCES hearings (id),
        kind text NOT NULL CHECK (kind IN ('ij_decision', 'final_order', 'in_absentia_order', 'other')),
        decided_on date NOT NULL,
        time_zone text NOT NULL,
        note text CHECK (length(note) <= 2000),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_decisions_case_idx ON case_decisions (case_id, decided_on)`);

    await q.query(`
      CREATE TABLE court_closures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        court_code text NOT NULL REFERENCES courts (code),
        closed_on date NOT NULL,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT court_closures_one_per_day UNIQUE (court_code, closed_on)
      )`);

    await q.query(`
      CREATE TABLE court_deadline_settings (
        court_code text PRIMARY KEY REFERENCES courts (code),
        master_hearing_filing_days smallint NOT NULL DEFAULT 15 CHECK (master_hearing_filing_days IN (15, 30)),
        individual_hearing_filing_days smallint NOT NULL DEFAULT 15
          CHECK (individual_hearing_filing_days IN (15, 30)),
        note text CHECK (length(note) <= 1000),
        updated_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`ALTER TABLE deadlines ADD COLUMN computed_date date`);
    await q.query(
      `ALTER TABLE deadlines ADD COLUMN source_status text CHECK (source_status IN ('V', 'S', 'U'))`,
    );
    await q.query(`ALTER TABLE deadlines ADD COLUMN source text`);
    await q.query(`ALTER TABLE deadlines ADD COLUMN replaces_key text`);
    await q.query(`ALTER TABLE deadlines ADD COLUMN created_by uuid`);
    await q.query(`CREATE INDEX deadlines_status_due_idx ON deadlines (status, due_date)`);

    await q.query(`
      CREATE TABLE calendar_feeds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_kind text NOT NULL CHECK (owner_kind IN ('attorney', 'organization')),
        attorney_id uuid REFERENCES attorneys (id),
        organization_id uuid REFERENCES organizations (id),
        token_hash text NOT NULL UNIQUE,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz,
        CONSTRAINT calendar_feeds_owner CHECK (
          (owner_kind = 'attorney' AND attorney_id IS NOT NULL AND organization_id IS NULL)
          OR (owner_kind = 'organization' AND organization_id IS NOT NULL AND attorney_id IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX calendar_feeds_one_active_attorney ON calendar_feeds (attorney_id) WHERE revoked_at IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX calendar_feeds_one_active_org ON calendar_feeds (organization_id) WHERE revoked_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_feeds`);
    await q.query(`DROP INDEX deadlines_status_due_idx`);
    for (const column of ['computed_date', 'source_status', 'source', 'replaces_key', 'created_by']) {
      await q.query(`ALTER TABLE deadlines DROP COLUMN ${column}`);
    }
    await q.query(`DROP TABLE court_deadline_settings`);
    await q.query(`DROP TABLE court_closures`);
    await q.query(`DROP TABLE case_decisions`);
  }
}
