import { earthDistanceMiles } from './distance';
import { MatchingOptions } from './matching-options';
import { AttorneyMatchProfile, CaseMatchProfile, GeoPoint } from './matching-profiles';

/**
 * How an attorney would serve a case:
 * - `in_person`: the service point is within the attorney's travel radius (distance <= radius, inclusive);
 * - `remote`: not within the radius (or distance unknown) but the attorney accepts remote work;
 * - `none`: neither, so the attorney cannot serve the place.
 */
export type ServiceMode = 'in_person' | 'remote' | 'none';

export interface ServiceArea {
  /** Miles from the office to the service point; null when either location is unknown. */
  distanceMiles: number | null;
  /** Which point the distance is measured to. */
  measuredTo: 'child' | 'court';
  mode: ServiceMode;
}

/**
 * The point an attorney must reach: the child's home, or the court for removal defense when the
 * program chose `removalUsesCourtLocation`. The database query must measure `distanceMiles` to the
 * same point.
 */
export function servicePoint(
  caseProfile: CaseMatchProfile,
  options: MatchingOptions,
): { measuredTo: 'child' | 'court'; location: GeoPoint | null } {
  if (options.removalUsesCourtLocation && caseProfile.caseType === 'removal_defense') {
    return { measuredTo: 'court', location: caseProfile.courtLocation };
  }
  return { measuredTo: 'child', location: caseProfile.childLocation };
}

export function serviceArea(
  caseProfile: CaseMatchProfile,
  attorney: AttorneyMatchProfile,
  options: MatchingOptions,
): ServiceArea {
  const point = servicePoint(caseProfile, options);
  const distanceMiles = attorneyDistanceMiles(attorney, point.location);
  const withinRadius = distanceMiles !== null && distanceMiles <= attorney.travelRadiusMiles;
  const mode: ServiceMode = withinRadius ? 'in_person' : attorney.remoteOk ? 'remote' : 'none';
  return { distanceMiles, measuredTo: point.measuredTo, mode };
}

// A precomputed database distance wins so both sides agree on radius checks at the boundary.
function attorneyDistanceMiles(attorney: AttorneyMatchProfile, target: GeoPoint | null): number | null {
  if (attorney.distanceMiles !== undefined && attorney.distanceMiles !== null) {
    return Number.isFinite(attorney.distanceMiles) ? Math.max(0, attorney.distanceMiles) : null;
  }
  if (!target || !attorney.officeLocation) return null;
  return earthDistanceMiles(attorney.officeLocation, target);
}
