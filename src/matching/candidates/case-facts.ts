import { CaseStatus, CaseType } from '../../cases/case-status';
import { ageOn } from '../../time';
import { Db } from '../../database/sql';
import { MatchingOptions } from '../scoring/matching-options';
import { CaseMatchProfile } from '../scoring/matching-profiles';
import { servicePoint } from '../scoring/service-area';
import { CaseUrgency, UrgencyRow, toUrgency, urgencySql } from '../urgency/urgency-sql';
import { CaseParameters, SqlParams } from './candidate-sql';

export interface CourtFacts {
  code: string;
  name: string;
  city: string;
  state: string;
  latitude: number;
  longitude: number;
  timeZone: string;
}

/** What matching knows about a case: no names or contact data ever leave this shape. */
export interface CaseFacts {
  caseId: string;
  organizationId: string;
  caseType: CaseType;
  status: CaseStatus;
  attorneyId: string | null;
  /** The handoff notes, still encrypted: only the application opens them (src/cases/handoff.ts). */
  handoffEnc: string | null;
  childPrimaryLanguage: string;
  childOtherLanguages: string[];
  sponsorLanguage: string | null;
  childState: string | null;
  childCounty: string | null;
  childLatitude: number | null;
  childLongitude: number | null;
  /** Whole years today (the date of birth itself stays in the database). */
  childAge: number;
  court: CourtFacts | null;
  nextHearingAt: Date | null;
  /** The next hearing's calendar date in the court's zone. */
  nextHearingDate: string | null;
  urgency: CaseUrgency;
  /** Attorneys who declined this case. */
  declinedBy: string[];
  /** Attorneys holding a pending offer of this case, or who let one expire. */
  pendingOrLapsed: string[];
}

interface FactsRow extends UrgencyRow {
  id: string;
  organization_id: string;
  case_type: CaseType;
  status: CaseStatus;
  attorney_id: string | null;
  handoff_enc: string | null;
  primary_language: string;
  other_languages: string[];
  sponsor_language: string | null;
  child_state: string | null;
  child_county: string | null;
  child_latitude: number | null;
  child_longitude: number | null;
  date_of_birth: string;
  today: string;
  court_code: string | null;
  court_name: string | null;
  court_city: string | null;
  court_state: string | null;
  court_latitude: number | null;
  court_longitude: number | null;
  court_time_zone: string | null;
  next_hearing_at: Date | null;
  next_hearing_date: string | null;
  declined_by: string[];
  pending_or_lapsed: string[];
}

/** Facts of the given cases (missing ids are left out), with urgency as of `now`. */
export async function loadCaseFacts(db: Db, caseIds: readonly string[], now: Date): Promise<CaseFacts[]> {
  if (caseIds.length === 0) return [];
  const params = new SqlParams();
  const urgency = urgencySql(params, now);
  const rows = await db.query<FactsRow>(
    `SELECT k.id, k.organization_id, k.case_type, k.status, k.attorney_id, k.handoff_enc,
            rtrim(uc.primary_language) AS primary_language, uc.other_languages,
            rtrim(s.preferred_language) AS sponsor_language,
            rtrim(uc.state) AS child_state, uc.county AS child_county,
            uc.latitude AS child_latitude, uc.longitude AS child_longitude,
            uc.date_of_birth::text AS date_of_birth, ut.today::text AS today,
            uct.code AS court_code, uct.name AS court_name, uct.city AS court_city, rtrim(uct.state) AS court_state,
            uct.latitude AS court_latitude, uct.longitude AS court_longitude, uct.time_zone AS court_time_zone,
            une.next_hearing_at,
            (une.next_hearing_at AT TIME ZONE COALESCE(uct.time_zone, 'UTC'))::date::text AS next_hearing_date,
            ARRAY(SELECT o.attorney_id FROM offers o WHERE o.case_id = k.id AND o.status = 'declined') AS declined_by,
            ARRAY(SELECT o.attorney_id FROM offers o
                  WHERE o.case_id = k.id AND o.status IN ('pending', 'expired')) AS pending_or_lapsed,
            ${urgency.columns}
     FROM cases k
     ${urgency.joins}
     LEFT JOIN sponsors s ON s.child_id = uc.id
     WHERE k.id = ANY (${params.add(caseIds, 'uuid[]')})`,
    params.values,
    // Always the same text: planned once per connection.
    'matching-case-facts-v2',
  );
  return rows.map(toFacts);
}

function toFacts(r: FactsRow): CaseFacts {
  const court: CourtFacts | null =
    r.court_code && r.court_name && r.court_city && r.court_state && r.court_time_zone
      ? {
          code: r.court_code,
          name: r.court_name,
          city: r.court_city,
          state: r.court_state,
          latitude: r.court_latitude ?? 0,
          longitude: r.court_longitude ?? 0,
          timeZone: r.court_time_zone,
        }
      : null;
  return {
    caseId: r.id,
    organizationId: r.organization_id,
    caseType: r.case_type,
    status: r.status,
    attorneyId: r.attorney_id,
    handoffEnc: r.handoff_enc,
    childPrimaryLanguage: r.primary_language,
    childOtherLanguages: r.other_languages ?? [],
    sponsorLanguage: r.sponsor_language,
    childState: r.child_state,
    childCounty: r.child_county,
    childLatitude: r.child_latitude,
    childLongitude: r.child_longitude,
    childAge: ageOn(r.date_of_birth, r.today),
    court,
    nextHearingAt: r.next_hearing_at,
    nextHearingDate: r.next_hearing_date,
    urgency: toUrgency(r),
    declinedBy: r.declined_by ?? [],
    pendingOrLapsed: r.pending_or_lapsed ?? [],
  };
}

/** The case as the pure scoring code sees it. */
export function caseProfile(facts: CaseFacts): CaseMatchProfile {
  return {
    caseType: facts.caseType,
    childPrimaryLanguage: facts.childPrimaryLanguage,
    childOtherLanguages: facts.childOtherLanguages,
    sponsorLanguage: facts.sponsorLanguage,
    childState: facts.childState ?? '',
    childLocation:
      facts.childLatitude !== null && facts.childLongitude !== null
        ? { lat: facts.childLatitude, lon: facts.childLongitude }
        : null,
    courtLocation: facts.court ? { lat: facts.court.latitude, lon: facts.court.longitude } : null,
    daysToNextEvent: facts.urgency.days,
    declinedByAttorneyIds: facts.declinedBy,
  };
}

/** The case as the candidate query takes it, measured to the same service point as the pure code. */
export function caseParameters(
  facts: CaseFacts,
  options: MatchingOptions,
  excludedAttorneyIds: readonly string[] = [],
): CaseParameters {
  const point = servicePoint(caseProfile(facts), options).location;
  return {
    caseId: facts.caseId,
    organizationId: facts.organizationId,
    caseType: facts.caseType,
    childPrimaryLanguage: facts.childPrimaryLanguage,
    childOtherLanguages: facts.childOtherLanguages,
    sponsorLanguage: facts.sponsorLanguage,
    childState: facts.childState,
    serviceLatitude: point?.lat ?? null,
    serviceLongitude: point?.lon ?? null,
    declinedByAttorneyIds: facts.declinedBy,
    excludedAttorneyIds,
  };
}
