import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hearings (versioned, with a change history) and deadlines (computed per case by the deadline engine, or set
 * by hand). `case_next_events` gives each case its next hearing and nearest open deadline for urgency.
 */
export class HearingsDeadlines1764450000000 implements MigrationInterface {
  name = 'HearingsDeadlines1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hearings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        court_code text NOT NULL REFERENCES courts (code),
        location_court_code text NOT NULL REFERENCES courts (code),
        location_note text CHECK (length(location_note) <= 500),
        hearing_type text NOT NULL CHECK (hearing_type IN ('master', 'individual', 'bond', 'status', 'other')),
        starts_at timestamptz NOT NULL,
        time_zone text NOT NULL,
        remote boolean NOT NULL DEFAULT false,
        remote_link text CHECK (length(remote_link) <= 1000),
        remote_instructions text CHECK (length(remote_instructions) <= 4000),
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'completed', 'cancelled')),
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        outcome jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX hearings_case_idx ON hearings (case_id, starts_at)`);
    await q.query(`CREATE INDEX hearings_upcoming_idx ON hearings (starts_at) WHERE status = 'scheduled'`);

    await q.query(`
      CREATE TABLE hearing_changes (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        hearing_id uuid NOT NULL REFERENCES hearings (id),
        version integer NOT NULL,
        change text NOT NULL CHECK (change IN ('created', 'rescheduled', 'updated', 'cancelled', 'outcome')),
        previous jsonb,
        current jsonb NOT NULL,
        reason text CHECK (length(reason) <= 1000),
        actor_user_id uuid,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX hearing_changes_hearing_idx ON hearing_changes (hearing_id, id)`);

    await q.query(`
      CREATE TABLE deadlines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        key text NOT NULL,
        rule_id text NOT NULL,
        origin text NOT NULL CHECK (origin IN ('rule', 'manual')),
        trigger_kind text NOT NULL,
        trigger_ref text NOT NULL,
        trigger_date date,
        due_date date NOT NULL,
        remind_by date NOT NULL,
        time_zone text NOT NULL,
        actor text NOT NULL CHECK (actor IN ('family', 'counsel', 'coordinator')),
        title text NOT NULL,
        explanation text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met', 'missed', 'waived', 'superseded')),
        status_note text CHECK (length(status_note) <= 1000),
        status_changed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deadlines_key_per_case UNIQUE (case_id, key),
        CONSTRAINT deadlines_remind_before_due CHECK (remind_by <= due_date)
      )`);
    await q.query(`CREATE INDEX deadlines_open_due_idx ON deadlines (due_date) WHERE status = 'open'`);
    await q.query(`CREATE INDEX deadlines_case_idx ON deadlines (case_id, due_date)`);

    await q.query(`
      CREATE VIEW case_next_events AS
      SELECT k.id AS case_id,
             (SELECT min(h.starts_at) FROM hearings h
               WHERE h.case_id = k.id AND h.status = 'scheduled' AND h.starts_at > now()) AS next_hearing_at,
             (SELECT min(d.due_date) FROM deadlines d
               WHERE d.case_id = k.id AND d.status = 'open') AS next_deadline_on
      FROM cases k`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW case_next_events`);
    await q.query(`DROP TABLE deadlines`);
    await q.query(`DROP TABLE hearing_changes`);
    await q.query(`DROP TABLE hearings`);
  }
}
