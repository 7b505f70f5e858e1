import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders, second step:
 *  - `start_at`: each reminder has a send window [start_at, send_at]; its job runs from start_at (REMINDER_SEND_AHEAD
 *    before send_at, never inside quiet hours), so a burst due at one moment has gone out by then;
 *  - `reminder_outbox` replaces the per-row `enqueued_at` flag: one row per planning transaction listing the
 *    reminders whose jobs are not yet known to be queued, written with them and deleted once the jobs are in.
 *    Marking 100,000s of rows after the fact cost as much as writing them;
 *  - a coordinator task's key is unique for good (raising the same task again changes nothing, race-free).
 */
export class ReminderSendWindow1764800000000 implements MigrationInterface {
  name = 'ReminderSendWindow1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reminders ADD COLUMN start_at timestamptz`);
    await q.query(`UPDATE reminders SET start_at = send_at`);
    await q.query(`ALTER TABLE reminders ALTER COLUMN start_at SET NOT NULL`);
    await q.query(
      `ALTER TABLE reminders ADD CONSTRAINT reminders_start_not_after_send CHECK (start_at <= send_at)`,
    );

    await q.query(`
      CREATE TABLE reminder_outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        reminder_ids uuid[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Rows committed but never handed to the queue keep their way there.
    await q.query(`
      INSERT INTO reminder_outbox (reminder_ids)
      SELECT array_agg(id) FROM reminders WHERE status = 'scheduled' AND enqueued_at IS NULL HAVING count(*) > 0`);
    await q.query(`DROP INDEX reminders_outbox_idx`);
    await q.query(`ALTER TABLE reminders DROP COLUMN enqueued_at`);

    // Older duplicates of a key (done tasks next to an open one) keep their rows under a distinct key.
    await q.query(`
      UPDATE coordinator_tasks t SET task_key = t.task_key || '#' || t.id
      WHERE t.id NOT IN (SELECT DISTINCT ON (task_key) id FROM coordinator_tasks
                         ORDER BY task_key, (status = 'open') DESC, created_at DESC)`);
    await q.query(`DROP INDEX coordinator_tasks_open_key`);
    await q.query(`CREATE UNIQUE INDEX coordinator_tasks_key ON coordinator_tasks (task_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX coordinator_tasks_key`);
    await q.query(
      `CREATE UNIQUE INDEX coordinator_tasks_open_key ON coordinator_tasks (task_key) WHERE status = 'open'`,
    );
    await q.query(`ALTER TABLE reminders ADD COLUMN enqueued_at timestamptz`);
    await q.query(`UPDATE reminders SET enqueued_at = now() WHERE status = 'scheduled'`);
    await q.query(`
      UPDATE reminders SET enqueued_at = NULL
      WHERE id IN (SELECT unnest(reminder_ids) FROM reminder_outbox)`);
    await q.query(
      `CREATE INDEX reminders_outbox_idx ON reminders (created_at) WHERE status = 'scheduled' AND enqueued_at IS NULL`,
    );
    await q.query(`DROP TABLE reminder_outbox`);
    await q.query(`ALTER TABLE reminders DROP CONSTRAINT reminders_start_not_after_send`);
    await q.query(`ALTER TABLE reminders DROP COLUMN start_at`);
  }
}
