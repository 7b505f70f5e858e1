import { DEFAULT_MATCHING_OPTIONS, MatchingOptions } from './matching-options';
import { AttorneyMatchProfile, CaseMatchProfile } from './matching-profiles';
import { ServiceArea, serviceArea } from './service-area';

/**
 * Stable codes for why an attorney is not a candidate for a case. They are part of the API
 * (stored with offers, shown to coordinators): add new codes, never rename.
 */
export const INELIGIBILITY_CODES = [
  'attorney_inactive',
  'attorney_paused',
  'attorney_at_capacity',
  'case_type_not_practised',
  'declined_this_case',
  'outside_service_area',
  'sijs_needs_state_bar_admission',
] as const;
export type IneligibilityCode = (typeof INELIGIBILITY_CODES)[number];

export interface IneligibilityReason {
  code: IneligibilityCode;
  detail: string;
}

/**
 * Every rule the attorney fails, in `INELIGIBILITY_CODES` order; empty means eligible.
 * SQL mirror (all must hold):
 *   active
 *   AND (paused_until IS NULL OR paused_until <= :now)
 *   AND open_matters < capacity
 *   AND :case_type = ANY(practice_areas)
 *   AND NOT (id = ANY(:declined_by))
 *   AND (distance_miles <= travel_radius_miles OR remote_ok)      -- NULL distance: only remote_ok
 *   AND (:case_type <> 'sijs' OR :child_state = ANY(bar_admissions))
 */
export function checkEligibility(
  caseProfile: CaseMatchProfile,
  attorney: AttorneyMatchProfile,
  now: Date,
  options: MatchingOptions = DEFAULT_MATCHING_OPTIONS,
  /** Pass when already computed (scoreCandidate does), to measure the distance once. */
  area: ServiceArea = serviceArea(caseProfile, attorney, options),
): IneligibilityReason[] {
  const reasons: IneligibilityReason[] = [];
  if (!attorney.active) reasons.push({ code: 'attorney_inactive', detail: 'attorney account is not active' });
  if (attorney.pausedUntil !== null && attorney.pausedUntil.getTime() > now.getTime()) {
    reasons.push({
      code: 'attorney_paused',
      detail: `attorney paused until ${attorney.pausedUntil.toISOString()}`,
    });
  }
  if (!(attorney.openMatters < attorney.capacity)) {
    reasons.push({
      code: 'attorney_at_capacity',
      detail: `${attorney.openMatters} open matters of ${attorney.capacity} capacity`,
    });
  }
  if (!attorney.practiceAreas.includes(caseProfile.caseType)) {
    reasons.push({ code: 'case_type_not_practised', detail: `does not practise ${caseProfile.caseType}` });
  }
  if (caseProfile.declinedByAttorneyIds.includes(attorney.id)) {
    reasons.push({ code: 'declined_this_case', detail: 'attorney already declined this case' });
  }
  if (area.mode === 'none') {
    const where = area.measuredTo === 'court' ? 'the court' : 'the child';
    reasons.push({
      code: 'outside_service_area',
      detail:
        area.distanceMiles === null
          ? `distance to ${where} unknown and attorney does not work remotely`
          : `${Math.round(area.distanceMiles)} mi from ${where}, beyond ${attorney.travelRadiusMiles} mi radius, not remote`,
    });
  }
  // SIJS needs a state-court order, so the attorney must be admitted where the child lives; working
  // remotely does not change that.
  if (caseProfile.caseType === 'sijs' && !attorney.barAdmissions.includes(caseProfile.childState)) {
    reasons.push({
      code: 'sijs_needs_state_bar_admission',
      detail: `SIJS needs bar admission in ${caseProfile.childState}`,
    });
  }
  return reasons;
}
