import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organizations, children, sponsors, address history, attorneys and cases. Columns ending in `_enc` hold
 * AES-256-GCM ciphertext (see src/privacy/field-cipher.ts); `a_number_index` is the HMAC blind index.
 */
export class Intake1764400000000 implements MigrationInterface {
  name = 'Intake1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL DEFAULT 'legal_service_provider' CHECK (kind IN ('legal_service_provider', 'pro_bono_program', 'other')),
        state char(2),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX organizations_name_key ON organizations (lower(name))`);

    await q.query(`ALTER TABLE users ADD COLUMN organization_id uuid REFERENCES organizations (id)`);
    await q.query(`CREATE INDEX users_organization_idx ON users (organization_id)`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_coordinator_has_org CHECK (role <> 'coordinator' OR organization_id IS NOT NULL)`);

    await q.query(`
      CREATE TABLE children (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
        last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
        date_of_birth date NOT NULL,
        country_of_birth char(2) NOT NULL CHECK (country_of_birth ~ '^[A-Z]{2}$'),
        a_number_enc text NOT NULL,
        a_number_index text NOT NULL,
        primary_language char(3) NOT NULL REFERENCES languages (code),
        other_languages text[] NOT NULL DEFAULT '{}',
        spanish_proficiency text NOT NULL DEFAULT 'none'
          CHECK (spanish_proficiency IN ('none', 'basic', 'conversational', 'fluent', 'native')),
        release_date date NOT NULL CHECK (release_date > date_of_birth),
        designated_unaccompanied boolean NOT NULL DEFAULT true,
        street_enc text,
        city text,
        state char(2),
        zip char(5),
        county text,
        county_fips char(5),
        latitude double precision,
        longitude double precision,
        time_zone text,
        phone_enc text,
        email_enc text,
        reminder_language char(3) REFERENCES languages (code),
        reminder_channels text[] NOT NULL DEFAULT '{}',
        reminder_consent boolean NOT NULL DEFAULT false,
        reminder_consent_at timestamptz,
        contact_purged_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT children_a_number_per_org UNIQUE (organization_id, a_number_index),
        CONSTRAINT children_channels_known CHECK (reminder_channels <@ ARRAY['email', 'sms']::text[])
      )`);
    await q.query(`CREATE INDEX children_org_created_idx ON children (organization_id, created_at DESC)`);
    await q.query(`CREATE INDEX children_a_number_idx ON children (a_number_index)`);
    await q.query(`CREATE INDEX children_state_idx ON children (state)`);
    await q.query(`CREATE INDEX children_languages_idx ON children USING gin (other_languages)`);

    await q.query(`
      CREATE TABLE child_addresses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL REFERENCES children (id) ON DELETE CASCADE,
        street_enc text,
        city text,
        state char(2),
        zip char(5),
        county text,
        latitude double precision,
        longitude double precision,
        time_zone text,
        moved_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX child_addresses_child_idx ON child_addresses (child_id, moved_at DESC)`);

    await q.query(`
      CREATE TABLE sponsors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL UNIQUE REFERENCES children (id) ON DELETE CASCADE,
        first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
        last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
        relationship_category smallint NOT NULL CHECK (relationship_category IN (1, 2, 3)),
        relationship text CHECK (length(relationship) <= 100),
        street_enc text,
        city text,
        state char(2),
        zip char(5),
        time_zone text,
        phone_enc text,
        email_enc text,
        preferred_language char(3) REFERENCES languages (code),
        reminder_channels text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sponsors_channels_known CHECK (reminder_channels <@ ARRAY['email', 'sms']::text[])
      )`);

    await q.query(`
      CREATE TABLE attorneys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL UNIQUE REFERENCES users (id),
        bar_admissions text[] NOT NULL DEFAULT '{}',
        languages jsonb NOT NULL DEFAULT '[]'::jsonb,
        language_codes text[] NOT NULL DEFAULT '{}',
        practice_areas text[] NOT NULL DEFAULT '{}',
        office_street_enc text,
        office_city text,
        office_state char(2),
        office_zip char(5),
        office_county text,
        latitude double precision,
        longitude double precision,
        time_zone text,
        travel_radius_miles integer NOT NULL DEFAULT 25 CHECK (travel_radius_miles BETWEEN 0 AND 3000),
        remote_ok boolean NOT NULL DEFAULT false,
        capacity integer NOT NULL DEFAULT 3 CHECK (capacity BETWEEN 0 AND 200),
        open_matters integer NOT NULL DEFAULT 0 CHECK (open_matters >= 0),
        paused_until timestamptz,
        active boolean NOT NULL DEFAULT true,
        phone_enc text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- Last line of defence for capacity: open_matters is kept by a trigger on cases (below).
        CONSTRAINT attorneys_within_capacity CHECK (open_matters <= capacity),
        CONSTRAINT attorneys_practice_areas_known CHECK (
          practice_areas <@ ARRAY['removal_defense', 'asylum', 'sijs', 't_visa', 'u_visa', 'other']::text[])
      )`);
    await q.query(`CREATE INDEX attorneys_language_codes_idx ON attorneys USING gin (language_codes)`);
    await q.query(`CREATE INDEX attorneys_practice_areas_idx ON attorneys USING gin (practice_areas)`);
    await q.query(`CREATE INDEX attorneys_bar_admissions_idx ON attorneys USING gin (bar_admissions)`);
    await q.query(`CREATE INDEX attorneys_location_idx ON attorneys USING gist (ll_to_earth(latitude, longitude))
                   WHERE latitude IS NOT NULL AND longitude IS NOT NULL`);

    await q.query(`
      CREATE TABLE attorney_organizations (
        attorney_id uuid NOT NULL REFERENCES attorneys (id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations (id),
        PRIMARY KEY (attorney_id, organization_id)
      )`);
    await q.query(`CREATE INDEX attorney_organizations_org_idx ON attorney_organizations (organization_id)`);

    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL REFERENCES children (id),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        case_type text NOT NULL CHECK (case_type IN ('removal_defense', 'asylum', 'sijs', 't_visa', 'u_visa', 'other')),
        court_code text REFERENCES courts (code),
        status text NOT NULL DEFAULT 'intake'
          CHECK (status IN ('intake', 'seeking_counsel', 'offered', 'represented', 'closed')),
        attorney_id uuid REFERENCES attorneys (id),
        notes text CHECK (length(notes) <= 20000),
        handoff jsonb NOT NULL DEFAULT '{}'::jsonb,
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        close_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cases_represented_has_attorney CHECK ((status = 'represented') = (attorney_id IS NOT NULL) OR status = 'closed'),
        CONSTRAINT cases_closed_has_time CHECK ((status = 'closed') = (closed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX cases_org_status_idx ON cases (organization_id, status)`);
    await q.query(`CREATE INDEX cases_child_idx ON cases (child_id)`);
    await q.query(`CREATE INDEX cases_attorney_idx ON cases (attorney_id) WHERE attorney_id IS NOT NULL`);
    await q.query(`CREATE INDEX cases_closed_idx ON cases (closed_at) WHERE status = 'closed'`);

    // An attorney's open matters = their represented cases, maintained in the same transaction as the case
    // change. The row update on attorneys serializes concurrent assignments, and the CHECK above refuses any
    // that would go over capacity, whatever the application does.
    await q.query(`
      CREATE FUNCTION cases_track_open_matters() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'represented' AND OLD.attorney_id IS NOT NULL THEN
          UPDATE attorneys SET open_matters = open_matters - 1 WHERE id = OLD.attorney_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'represented' AND NEW.attorney_id IS NOT NULL THEN
          UPDATE attorneys SET open_matters = open_matters + 1 WHERE id = NEW.attorney_id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER cases_open_matters AFTER INSERT OR DELETE OR UPDATE OF status, attorney_id ON cases
      FOR EACH ROW EXECUTE FUNCTION cases_track_open_matters()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cases`);
    await q.query(`DROP FUNCTION cases_track_open_matters`);
    await q.query(`DROP TABLE attorney_organizations`);
    await q.query(`DROP TABLE attorneys`);
    await q.query(`DROP TABLE sponsors`);
    await q.query(`DROP TABLE child_addresses`);
    await q.query(`DROP TABLE children`);
    await q.query(`ALTER TABLE users DROP COLUMN organization_id`);
    await q.query(`DROP TABLE organizations`);
  }
}
