import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CSV imports: one row per import (synchronous or queued) with its progress and final report, and the
 * uploaded file of a queued import, kept encrypted in chunks until a worker has processed it (the file holds
 * A-numbers and contacts in clear, and the worker may run on another machine than the API).
 */
export class Imports1764550000000 implements MigrationInterface {
  name = 'Imports1764550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('children', 'attorneys')),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        requested_by uuid REFERENCES users (id),
        requested_by_role text,
        mode text NOT NULL CHECK (mode IN ('sync', 'async')),
        dry_run boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('receiving', 'queued', 'running', 'completed', 'failed')),
        file_name text CHECK (length(file_name) <= 300),
        file_bytes bigint,
        estimated_rows integer,
        processed_rows integer NOT NULL DEFAULT 0,
        created_count integer NOT NULL DEFAULT 0,
        updated_count integer NOT NULL DEFAULT 0,
        unchanged_count integer NOT NULL DEFAULT 0,
        failed_count integer NOT NULL DEFAULT 0,
        errors jsonb NOT NULL DEFAULT '[]'::jsonb,
        errors_truncated boolean NOT NULL DEFAULT false,
        failure_code text,
        failure_message text,
        duration_ms integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX imports_org_created_idx ON imports (organization_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE import_chunks (
        import_id uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        data_enc text NOT NULL,
        PRIMARY KEY (import_id, seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE import_chunks`);
    await q.query(`DROP TABLE imports`);
  }
}
