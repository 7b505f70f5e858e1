import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Matching: offers of a case to an attorney (with the ranking that led to them), stored assignment plans, and
 * what the candidate query (src/matching/candidates/candidate-sql.ts) needs on `attorneys`:
 * - earth_location = ll_to_earth(latitude, longitude) and reach = earth_box(office, travel radius), stored;
 *   GiST on reach per practice area answers "whose radius covers this child?";
 * - language_tokens (`code:proficiency`, GIN for remote attorneys) and language_map ({code: proficiency}),
 *   generated from languages;
 * - organization_ids (from attorney_organizations) and matters_by_type (represented or closed matters per case
 *   type, in CASE_TYPES order, from cases), each kept in the same transaction by a trigger.
 */
export class Offers1764600000000 implements MigrationInterface {
  name = 'Offers1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE matching_plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        objective text NOT NULL CHECK (objective IN ('cover_most_cases', 'max_total_score')),
        options jsonb NOT NULL,
        totals jsonb NOT NULL,
        greedy_totals jsonb NOT NULL,
        pairs jsonb NOT NULL,
        uncovered jsonb NOT NULL,
        status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'offers_sent')),
        offers_report jsonb,
        offers_sent_at timestamptz,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT matching_plans_sent_has_time CHECK ((status = 'offers_sent') = (offers_sent_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX matching_plans_org_idx ON matching_plans (organization_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE offers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        attorney_id uuid NOT NULL REFERENCES attorneys (id),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
        source text NOT NULL CHECK (source IN ('named', 'next_best', 'rotation', 'plan')),
        rank_score double precision NOT NULL,
        explanation jsonb NOT NULL,
        expires_at timestamptz NOT NULL,
        decline_reason text CHECK (length(decline_reason) BETWEEN 1 AND 1000),
        withdraw_reason text CHECK (length(withdraw_reason) BETWEEN 1 AND 1000),
        responded_at timestamptz,
        ended_at timestamptz,
        plan_id uuid REFERENCES matching_plans (id),
        previous_offer_id uuid REFERENCES offers (id),
        -- E-mails: claimed (set) just before sending, cleared again if the send fails; the sweep retries.
        attorney_notified_at timestamptz,
        answer_notified_at timestamptz,
        withdrawal_notified_at timestamptz,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT offers_declined_has_reason CHECK ((status = 'declined') = (decline_reason IS NOT NULL)),
        CONSTRAINT offers_answered_has_time CHECK ((status IN ('accepted', 'declined')) = (responded_at IS NOT NULL)),
        CONSTRAINT offers_ended_has_time CHECK ((status = 'pending') = (ended_at IS NULL))
      )`);
    // At most one pending offer of a case to the same attorney; how many attorneys may hold a pending offer of
    // one case at once is configuration (OFFER_MAX_PENDING_PER_CASE), checked under the case's row lock.
    await q.query(
      `CREATE UNIQUE INDEX offers_one_pending_per_pair ON offers (case_id, attorney_id) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX offers_case_idx ON offers (case_id, created_at)`);
    // Load fairness (offers and acceptances in the last N days) and "my offers".
    await q.query(`CREATE INDEX offers_attorney_idx ON offers (attorney_id, created_at)`);
    await q.query(
      `CREATE INDEX offers_attorney_accepted_idx ON offers (attorney_id, responded_at) WHERE status = 'accepted'`,
    );
    await q.query(`CREATE INDEX offers_pending_expiry_idx ON offers (expires_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX offers_org_idx ON offers (organization_id, status, created_at DESC)`);
    await q.query(`CREATE INDEX offers_plan_idx ON offers (plan_id) WHERE plan_id IS NOT NULL`);
    // The open queue of an organization (plans, urgent queue).
    await q.query(
      `CREATE INDEX cases_org_seeking_idx ON cases (organization_id, created_at) WHERE status IN ('seeking_counsel', 'offered')`,
    );

    // Derived columns on attorneys for the candidate query.
    await q.query(`
      CREATE FUNCTION attorney_language_tokens(languages jsonb) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN ARRAY(SELECT (l ->> 'code') || ':' || (l ->> 'proficiency') FROM jsonb_array_elements(languages) AS l)`);
    await q.query(`
      CREATE FUNCTION attorney_language_map(languages jsonb) RETURNS jsonb
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN (SELECT COALESCE(jsonb_object_agg(l ->> 'code', l ->> 'proficiency'), '{}'::jsonb)
              FROM jsonb_array_elements(languages) AS l)`);
    await q.query(`
      ALTER TABLE attorneys
        ADD COLUMN earth_location earth GENERATED ALWAYS AS (ll_to_earth(latitude, longitude)) STORED,
        ADD COLUMN reach cube GENERATED ALWAYS AS (
          earth_box(ll_to_earth(latitude, longitude), travel_radius_miles::float8 * 1609.344::float8 + 1::float8)) STORED,
        ADD COLUMN language_tokens text[] GENERATED ALWAYS AS (attorney_language_tokens(languages)) STORED,
        ADD COLUMN language_map jsonb GENERATED ALWAYS AS (attorney_language_map(languages)) STORED,
        ADD COLUMN organization_ids uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN matters_by_type integer[] NOT NULL DEFAULT '{0,0,0,0,0,0}'`);
    await q.query(`
      UPDATE attorneys a SET
        organization_ids = ARRAY(SELECT m.organization_id FROM attorney_organizations m WHERE m.attorney_id = a.id
                                 ORDER BY m.organization_id),
        matters_by_type = ARRAY(
          SELECT (SELECT count(*) FROM cases k
                  WHERE k.attorney_id = a.id AND k.case_type = t.type AND k.status IN ('represented', 'closed'))::int
          FROM unnest(ARRAY['removal_defense', 'asylum', 'sijs', 't_visa', 'u_visa', 'other']) WITH ORDINALITY AS t(type, i)
          ORDER BY t.i)`);

    // Kept row by row from the latest version of the attorney (incremental, so concurrent changes add up).
    await q.query(`
      CREATE FUNCTION attorney_organizations_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          UPDATE attorneys SET organization_ids = array_remove(organization_ids, OLD.organization_id)
          WHERE id = OLD.attorney_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          UPDATE attorneys
          SET organization_ids = array_append(array_remove(organization_ids, NEW.organization_id), NEW.organization_id)
          WHERE id = NEW.attorney_id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER attorney_organizations_sync AFTER INSERT OR UPDATE OR DELETE ON attorney_organizations
      FOR EACH ROW EXECUTE FUNCTION attorney_organizations_sync()`);
    await q.query(`
      CREATE FUNCTION cases_track_experience() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        types CONSTANT text[] := ARRAY['removal_defense', 'asylum', 'sijs', 't_visa', 'u_visa', 'other'];
        counted_before boolean := TG_OP IN ('UPDATE', 'DELETE') AND OLD.attorney_id IS NOT NULL
                                  AND OLD.status IN ('represented', 'closed');
        counted_after boolean := TG_OP IN ('INSERT', 'UPDATE') AND NEW.attorney_id IS NOT NULL
                                 AND NEW.status IN ('represented', 'closed');
      BEGIN
        IF counted_before AND counted_after AND OLD.attorney_id = NEW.attorney_id AND OLD.case_type = NEW.case_type THEN
          RETURN NULL;
        END IF;
        IF counted_before THEN
          UPDATE attorneys SET matters_by_type[array_position(types, OLD.case_type)] =
                                 matters_by_type[array_position(types, OLD.case_type)] - 1
          WHERE id = OLD.attorney_id;
        END IF;
        IF counted_after THEN
          UPDATE attorneys SET matters_by_type[array_position(types, NEW.case_type)] =
                                 matters_by_type[array_position(types, NEW.case_type)] + 1
          WHERE id = NEW.attorney_id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER cases_experience AFTER INSERT OR DELETE OR UPDATE OF status, attorney_id, case_type ON cases
      FOR EACH ROW EXECUTE FUNCTION cases_track_experience()`);

    // In person: whose travel radius covers the service point, per practice area (the query always names one).
    for (const type of ['removal_defense', 'asylum', 'sijs', 't_visa', 'u_visa', 'other']) {
      await q.query(`
        CREATE INDEX attorneys_reach_${type}_idx ON attorneys USING gist (reach)
        WHERE reach IS NOT NULL AND active AND practice_areas @> '{${type}}'`);
    }
    // The most matters of each type (bounds in the candidate query): max() read off an index.
    for (const [i, type] of ['removal_defense', 'asylum', 'sijs', 't_visa', 'u_visa', 'other'].entries()) {
      await q.query(`CREATE INDEX attorneys_matters_${type}_idx ON attorneys ((matters_by_type[${i + 1}]))`);
    }
    // Remote: attorneys who work remotely, by language token, language and practice area.
    await q.query(
      `CREATE INDEX attorneys_remote_tokens_idx ON attorneys USING gin (language_tokens) WHERE remote_ok AND active`,
    );
    await q.query(
      `CREATE INDEX attorneys_remote_languages_idx ON attorneys USING gin (language_codes) WHERE remote_ok AND active`,
    );
    await q.query(
      `CREATE INDEX attorneys_remote_practice_idx ON attorneys USING gin (practice_areas) WHERE remote_ok AND active`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['remote_practice', 'remote_languages', 'remote_tokens']) {
      await q.query(`DROP INDEX attorneys_${name}_idx`);
    }
    for (const type of ['removal_defense', 'asylum', 'sijs', 't_visa', 'u_visa', 'other']) {
      await q.query(`DROP INDEX attorneys_reach_${type}_idx`);
      await q.query(`DROP INDEX attorneys_matters_${type}_idx`);
    }
    await q.query(`DROP TRIGGER cases_experience ON cases`);
    await q.query(`DROP FUNCTION cases_track_experience`);
    await q.query(`DROP TRIGGER attorney_organizations_sync ON attorney_organizations`);
    await q.query(`DROP FUNCTION attorney_organizations_sync`);
    await q.query(`
      ALTER TABLE attorneys DROP COLUMN matters_by_type, DROP COLUMN organization_ids, DROP COLUMN language_map,
        DROP COLUMN language_tokens, DROP COLUMN reach, DROP COLUMN earth_location`);
    await q.query(`DROP FUNCTION attorney_language_map`);
    await q.query(`DROP FUNCTION attorney_language_tokens`);
    await q.query(`DROP INDEX cases_org_seeking_idx`);
    await q.query(`DROP TABLE offers`);
    await q.query(`DROP TABLE matching_plans`);
  }
}
