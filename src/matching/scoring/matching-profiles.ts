import type { GeoPoint } from '../../geo';

// Plain input shapes for matching. The candidate query (written separately) builds these from the
// database; the scoring code never touches I/O, so it can be tested exhaustively.

import { CASE_TYPES, CaseType } from '../../cases/case-status';

export { CASE_TYPES };
export type { CaseType };

/** Ordered from strongest to weakest. */
export const LANGUAGE_PROFICIENCIES = ['native', 'fluent', 'professional', 'conversational'] as const;
export type LanguageProficiency = (typeof LANGUAGE_PROFICIENCIES)[number];

/** `{ lat, lon }` in decimal degrees, the repository-wide shape (src/geo). */
export type { GeoPoint };

/** What matching needs to know about one child's case (never names or contact data). */
export interface CaseMatchProfile {
  caseType: CaseType;
  /** ISO 639-3 codes, lower case (`quc`, `spa`); never EOIR codes. */
  childPrimaryLanguage: string;
  childOtherLanguages: readonly string[];
  sponsorLanguage: string | null;
  /** USPS two-letter code of the state the child lives in (`NY`). */
  childState: string;
  childLocation: GeoPoint | null;
  courtLocation: GeoPoint | null;
  /** Days to the next hearing or deadline; null when nothing is scheduled. Used by planning, not scoring. */
  daysToNextEvent: number | null;
  declinedByAttorneyIds: readonly string[];
}

export interface AttorneyLanguage {
  /** ISO 639-3, lower case. */
  code: string;
  proficiency: LanguageProficiency;
}

/** What matching needs to know about one attorney. */
export interface AttorneyMatchProfile {
  id: string;
  active: boolean;
  pausedUntil: Date | null;
  /** Maximum open matters the attorney accepts. */
  capacity: number;
  openMatters: number;
  practiceAreas: readonly CaseType[];
  /** USPS two-letter state codes. */
  barAdmissions: readonly string[];
  languages: readonly AttorneyLanguage[];
  officeLocation: GeoPoint | null;
  travelRadiusMiles: number;
  remoteOk: boolean;
  /** Matters of each type the attorney has handled before (missing = 0). */
  experienceByCaseType: Readonly<Partial<Record<CaseType, number>>>;
  /** Offers plus assignments in the recent window the query chooses (e.g. 90 days). */
  recentOffersAndAssignments: number;
  /**
   * Miles from the office to the case's service point (see `servicePoint`), precomputed by the database.
   * When absent, scoring computes it from the coordinates with the same formula as `earth_distance`.
   */
  distanceMiles?: number | null;
}
