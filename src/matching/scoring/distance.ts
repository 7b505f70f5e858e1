import { EARTH_RADIUS_MILES, GeoPoint, distanceMiles } from '../../geo';

/**
 * PostgreSQL `earthdistance` models the earth as a sphere of radius `earth()` = 6378168 m, about 0.1%
 * larger than the mean radius `src/geo` uses. Matching measures on the database's sphere so an
 * in-process radius check agrees with the SQL one at the boundary:
 * `earthDistanceMiles(a, b)` = `earth_distance(ll_to_earth(a.lat, a.lon), ll_to_earth(b.lat, b.lon)) / 1609.344`.
 * (The `<@>` point operator uses yet another radius, 3958.747716 mi: do not mix the two.)
 */
export const PG_EARTH_RADIUS_METERS = 6378168;
export const METERS_PER_MILE = 1609.344;
export const PG_EARTH_RADIUS_MILES = PG_EARTH_RADIUS_METERS / METERS_PER_MILE;

/** Great-circle distance in statute miles on earthdistance's sphere. */
export function earthDistanceMiles(from: GeoPoint, to: GeoPoint): number {
  // Great-circle distance is proportional to the radius, so rescale the shared haversine.
  return distanceMiles(from, to) * (PG_EARTH_RADIUS_MILES / EARTH_RADIUS_MILES);
}
