/** A point in decimal degrees (WGS 84), the shape used by ZIP places and data/reference/immigration-courts.json. */
export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

/**
 * Mean Earth radius (IUGG, 6371.0088 km) in statute miles. PostgreSQL's cube-based `earth_distance`
 * assumes 6,378,168 m (about 0.1% more), so compare SQL and in-process distances with a little slack.
 */
export const EARTH_RADIUS_MILES = 3958.7613;

const RADIANS = Math.PI / 180;

/** Great-circle (haversine) distance in statute miles. Pure: safe for the matching and scoring code. */
export function distanceMiles(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RADIANS;
  const dLon = (b.lon - a.lon) * RADIANS;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RADIANS) * Math.cos(b.lat * RADIANS) * Math.sin(dLon / 2) ** 2;
  // min(1, …) guards against rounding just above 1 for antipodal points, where asin would give NaN.
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}
