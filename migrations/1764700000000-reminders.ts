import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reminder pipeline. `reminders` has one row per send (the row is the truth; a queue job only carries its
 * id); `reminder_deliveries` is claimed before a send and is unique per reminder, subject version and channel,
 * so a second send of the same reminder cannot happen. `reminder_policy` holds the admin-edited policy,
 * `reminder_stops` the stop links used, `coordinator_tasks` what a coordinator must do by hand (call a family,
 * a family that stopped or cannot be reached), `coordinator_digests` the daily digest sent to each coordinator.
 */
export class Reminders1764700000000 implements MigrationInterface {
  name = 'Reminders1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reminders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_kind text NOT NULL CHECK (subject_kind IN ('hearing', 'deadline')),
        subject_id uuid NOT NULL,
        subject_version text NOT NULL,
        case_id uuid NOT NULL REFERENCES cases (id),
        recipient_role text NOT NULL CHECK (recipient_role IN ('child', 'sponsor', 'attorney', 'coordinator')),
        recipient_key text NOT NULL,
        recipient_time_zone text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        language text NOT NULL,
        template_language text NOT NULL,
        call_needed boolean NOT NULL DEFAULT false,
        offset_key text NOT NULL,
        catch_up boolean NOT NULL DEFAULT false,
        send_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'scheduled'
          CHECK (status IN ('scheduled', 'sent', 'failed', 'cancelled', 'skipped')),
        status_reason text,
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error text,
        provider_message_id text,
        dedupe_key text NOT NULL,
        enqueued_at timestamptz,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reminders_dedupe_key UNIQUE (dedupe_key),
        CONSTRAINT reminders_sent_has_time CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX reminders_subject_idx ON reminders (subject_id, subject_kind)`);
    await q.query(`CREATE INDEX reminders_case_idx ON reminders (case_id, send_at)`);
    // Due-soon scans (reconciler, processor checks) and the outbox sweep only look at scheduled rows.
    await q.query(`CREATE INDEX reminders_due_idx ON reminders (send_at) WHERE status = 'scheduled'`);
    await q.query(
      `CREATE INDEX reminders_outbox_idx ON reminders (created_at) WHERE status = 'scheduled' AND enqueued_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX reminders_recipient_idx ON reminders (recipient_key, channel) WHERE status = 'scheduled'`,
    );
    await q.query(
      `CREATE INDEX reminders_problems_idx ON reminders (updated_at) WHERE status IN ('failed', 'skipped')`,
    );

    await q.query(`
      CREATE TABLE reminder_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reminder_id uuid NOT NULL REFERENCES reminders (id) ON DELETE CASCADE,
        subject_version text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
        attempt integer NOT NULL DEFAULT 1,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        provider_message_id text,
        error text,
        CONSTRAINT reminder_deliveries_once UNIQUE (reminder_id, subject_version, channel)
      )`);

    await q.query(`
      CREATE TABLE reminder_policy (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        policy jsonb NOT NULL,
        updated_by uuid REFERENCES users (id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE reminder_stops (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_key text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        via text NOT NULL CHECK (via IN ('link', 'one_click', 'staff')),
        reminder_id uuid REFERENCES reminders (id) ON DELETE SET NULL,
        stopped_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reminder_stops_once UNIQUE (recipient_key, channel)
      )`);

    await q.query(`
      CREATE TABLE coordinator_tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        case_id uuid REFERENCES cases (id),
        kind text NOT NULL CHECK (kind IN ('call_needed', 'family_stopped', 'family_unreachable', 'delivery_failed')),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
        task_key text NOT NULL,
        title text NOT NULL,
        subject_kind text CHECK (subject_kind IN ('hearing', 'deadline')),
        subject_id uuid,
        recipient_key text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        note text CHECK (length(note) <= 2000),
        done_at timestamptz,
        done_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT coordinator_tasks_done_has_time CHECK ((status = 'done') = (done_at IS NOT NULL))
      )`);
    // One open task per situation: raising it again while it is open changes nothing.
    await q.query(
      `CREATE UNIQUE INDEX coordinator_tasks_open_key ON coordinator_tasks (task_key) WHERE status = 'open'`,
    );
    await q.query(
      `CREATE INDEX coordinator_tasks_org_idx ON coordinator_tasks (organization_id, status, created_at DESC)`,
    );
    await q.query(`CREATE INDEX coordinator_tasks_case_idx ON coordinator_tasks (case_id)`);

    await q.query(`
      CREATE TABLE coordinator_digests (
        coordinator_id uuid NOT NULL REFERENCES users (id),
        local_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
        claimed_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        provider_message_id text,
        error text,
        PRIMARY KEY (coordinator_id, local_date)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE coordinator_digests`);
    await q.query(`DROP TABLE coordinator_tasks`);
    await q.query(`DROP TABLE reminder_stops`);
    await q.query(`DROP TABLE reminder_policy`);
    await q.query(`DROP TABLE reminder_deliveries`);
    await q.query(`DROP TABLE reminders`);
  }
}
