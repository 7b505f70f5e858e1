import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Re-planning after a reminder policy change runs as a job (issue 10): one row per saved policy with its
 * progress. A newer save supersedes a queued or running one; the job checks its row between batches.
 */
export class ReminderPolicyReplans1765000004000 implements MigrationInterface {
  name = 'ReminderPolicyReplans1765000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reminder_policy_replans (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        status text NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'running', 'done', 'superseded', 'failed')),
        total integer,
        processed integer NOT NULL DEFAULT 0,
        outcome jsonb,
        error text,
        requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX reminder_policy_replans_active ON reminder_policy_replans (id) WHERE status IN ('queued', 'running')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reminder_policy_replans`);
  }
}
