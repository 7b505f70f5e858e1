// The five ranking factors. Each returns a fraction in [0, 1]; the factor's points are
// `weight x fraction`, and the score is the plain sum of the five points, so SQL can compute the
// same number from columns the candidate query already has. Mirror, with :params from
// MatchingOptions (cast to float8 everywhere: integer division would truncate):
//
//   score = :w_language   * language_fraction
//         + :w_distance   * COALESCE(:h_d / (:h_d + GREATEST(effective_distance, 0)), 0)
//         + :w_capacity   * CASE WHEN capacity > 0 THEN
//                             LEAST(GREATEST(capacity - GREATEST(open_matters, 0), 0), capacity)::float8 / capacity
//                           ELSE 0 END
//         + :w_experience * n / (n + :h_e)      -- n = GREATEST(COALESCE(matters of this case type, 0), 0)
//         + :w_fairness   * :h_f / (:h_f + r)   -- r = GREATEST(recent offers + assignments, 0)
//
//   language_fraction = COALESCE(MAX over the attorney's languages l of
//       CASE WHEN l.code = :child_primary          THEN :tier_child_primary
//            WHEN l.code = ANY(:child_others)       THEN :tier_child_other
//            WHEN l.code = :sponsor_language        THEN :tier_sponsor
//            ELSE 0 END
//     * CASE l.proficiency WHEN 'native' THEN :p_native WHEN 'fluent' THEN :p_fluent
//                          WHEN 'professional' THEN :p_professional ELSE :p_conversational END, 0)
//
//   effective_distance = CASE WHEN d <= travel_radius_miles THEN d      -- in person
//                             WHEN remote_ok THEN :remote_distance_miles
//                             ELSE d END                               -- ineligible anyway
//   d = earth_distance(ll_to_earth(office), ll_to_earth(service point)) / 1609.344, NULL if unknown
//       (service point: see service-area.ts).
//
// :h_d = distanceHalfScoreMiles, :h_e = experienceHalfScoreMatters, :h_f = fairnessHalfScoreCount.
// Ranking order: `ORDER BY score DESC, id ASC` (ids compared by code unit, i.e. "C" collation).

import { MatchingOptions } from './matching-options';
import { AttorneyMatchProfile, CaseMatchProfile, LanguageProficiency } from './matching-profiles';
import { ServiceArea } from './service-area';

/** Whose language the attorney's best language is; `interpreter` means none of them. */
export type LanguageTier = 'child_primary' | 'child_other' | 'sponsor' | 'interpreter';

export interface LanguageMatch {
  tier: LanguageTier;
  /** The attorney's language that gave the best fraction (null for `interpreter`). */
  code: string | null;
  proficiency: LanguageProficiency | null;
  fraction: number;
}

/**
 * language_fraction = max over the attorney's languages of tier_factor(code) x proficiency_factor,
 * where tier_factor is childPrimary if code = child primary language, else childOther if code is
 * one of the child's other languages, else sponsor if code = sponsor language, else 0.
 * With no shared language the fraction is 0 (an interpreter is needed). Codes compare exactly.
 * On equal fractions the stronger tier wins, then the earlier-listed language.
 */
export function languageMatch(
  caseProfile: CaseMatchProfile,
  attorney: AttorneyMatchProfile,
  options: MatchingOptions,
): LanguageMatch {
  let best: LanguageMatch = { tier: 'interpreter', code: null, proficiency: null, fraction: 0 };
  for (const language of attorney.languages) {
    const tier = languageTier(caseProfile, language.code);
    if (tier === 'interpreter') continue;
    const fraction = tierFactor(tier, options) * options.proficiencyFactors[language.proficiency];
    const better =
      best.tier === 'interpreter' ||
      fraction > best.fraction ||
      (fraction === best.fraction && TIER_ORDER[tier] < TIER_ORDER[best.tier]);
    if (better) best = { tier, code: language.code, proficiency: language.proficiency, fraction };
  }
  return best;
}

const TIER_ORDER: Record<LanguageTier, number> = {
  child_primary: 0,
  child_other: 1,
  sponsor: 2,
  interpreter: 3,
};

function languageTier(caseProfile: CaseMatchProfile, code: string): LanguageTier {
  if (code === caseProfile.childPrimaryLanguage) return 'child_primary';
  if (caseProfile.childOtherLanguages.includes(code)) return 'child_other';
  if (caseProfile.sponsorLanguage !== null && code === caseProfile.sponsorLanguage) return 'sponsor';
  return 'interpreter';
}

function tierFactor(tier: LanguageTier, options: MatchingOptions): number {
  const factors = options.languageTierFactors;
  switch (tier) {
    case 'child_primary':
      return factors.childPrimary;
    case 'child_other':
      return factors.childOther;
    case 'sponsor':
      return factors.sponsor;
    case 'interpreter':
      return 0;
  }
}

/**
 * The distance the distance factor uses:
 *   in person -> distance_miles;
 *   remote    -> remoteDistanceMiles (whatever the real distance, since meetings will be remote);
 *   none      -> distance_miles, or no distance at all (fraction 0) when unknown. Such attorneys are
 *                ineligible; the value only explains a rejected candidate.
 */
export function effectiveDistanceMiles(area: ServiceArea, options: MatchingOptions): number | null {
  if (area.mode === 'remote') return options.remoteDistanceMiles;
  return area.distanceMiles;
}

/** H_d / (H_d + d): 1 at the door, 1/2 at H_d miles, strictly decreasing, never 0. */
export function distanceFraction(effectiveMiles: number | null, options: MatchingOptions): number {
  if (effectiveMiles === null) return 0;
  const half = options.distanceHalfScoreMiles;
  return half / (half + Math.max(0, effectiveMiles));
}

/** Share of the attorney's stated capacity still open. */
export function capacityFraction(attorney: AttorneyMatchProfile): number {
  if (!(attorney.capacity > 0)) return 0;
  return openSlots(attorney) / attorney.capacity;
}

/** Free slots, within [0, capacity] even if the counts are inconsistent. */
export function openSlots(attorney: AttorneyMatchProfile): number {
  return Math.min(
    Math.max(0, attorney.capacity - Math.max(0, attorney.openMatters)),
    Math.max(0, attorney.capacity),
  );
}

/** Matters of the case type handled before; 0 for none, saturating towards 1. */
export function experienceMatters(caseProfile: CaseMatchProfile, attorney: AttorneyMatchProfile): number {
  return Math.max(0, attorney.experienceByCaseType[caseProfile.caseType] ?? 0);
}

export function experienceFraction(matters: number, options: MatchingOptions): number {
  return matters / (matters + options.experienceHalfScoreMatters);
}

/** Fewer recent offers and assignments scores higher, so work spreads across volunteers. */
export function fairnessFraction(attorney: AttorneyMatchProfile, options: MatchingOptions): number {
  const half = options.fairnessHalfScoreCount;
  return half / (half + Math.max(0, attorney.recentOffersAndAssignments));
}
