import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764300000000 implements MigrationInterface {
  name = 'Foundation1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // earthdistance (matching radius), pgcrypto (gen_random_uuid), btree_gist (exclusion/GiST combos), citext (e-mail).
    await q.query(`CREATE EXTENSION IF NOT EXISTS cube`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS earthdistance`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS citext`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email citext NOT NULL UNIQUE CHECK (email ~ '^[^@\\s]+@[^@\\s]+$'),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        role text NOT NULL CHECK (role IN ('admin', 'coordinator', 'attorney')),
        password_hash text NOT NULL,
        disabled_at timestamptz,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        actor_role text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        request_id text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(
      `CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, occurred_at)`,
    );
    await q.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, occurred_at)`);
    await q.query(`CREATE INDEX audit_events_occurred_idx ON audit_events (occurred_at)`);
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);

    await q.query(`
      CREATE TABLE courts (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9]{2,4}$'),
        name text NOT NULL,
        city text NOT NULL,
        state char(2) NOT NULL,
        address text,
        time_zone text NOT NULL,
        latitude double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
        coord_precision text,
        detained boolean NOT NULL DEFAULT false,
        status text NOT NULL CHECK (status IN ('active', 'active-limited', 'closed', 'unverified')),
        note text,
        source text
      )`);
    await q.query(`CREATE INDEX courts_state_idx ON courts (state)`);

    await q.query(`
      CREATE TABLE languages (
        code char(3) PRIMARY KEY CHECK (code ~ '^[a-z]{3}$'),
        name text NOT NULL,
        autonym text,
        eoir_code text,
        notes text
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE languages`);
    await q.query(`DROP TABLE courts`);
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_append_only`);
    await q.query(`DROP TABLE users`);
  }
}
