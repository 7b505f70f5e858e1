import fc from 'fast-check';

import {
  PG_EARTH_RADIUS_METERS,
  GeoPoint,
  METERS_PER_MILE,
  earthDistanceMiles,
} from '../../../../src/matching/scoring';

// PostgreSQL earthdistance, transcribed: ll_to_earth() places the point on a sphere of radius
// earth(), cube_distance() is the straight-line (secant) distance and sec_to_gc() turns it into
// the great-circle distance, in meters.
function sqlEarthDistanceMiles(a: GeoPoint, b: GeoPoint): number {
  const toCube = (p: GeoPoint): [number, number, number] => {
    const lat = (p.lat * Math.PI) / 180;
    const lon = (p.lon * Math.PI) / 180;
    return [
      PG_EARTH_RADIUS_METERS * Math.cos(lat) * Math.cos(lon),
      PG_EARTH_RADIUS_METERS * Math.cos(lat) * Math.sin(lon),
      PG_EARTH_RADIUS_METERS * Math.sin(lat),
    ];
  };
  const [x1, y1, z1] = toCube(a);
  const [x2, y2, z2] = toCube(b);
  const secant = Math.hypot(x1 - x2, y1 - y2, z1 - z2);
  const ratio = secant / (2 * PG_EARTH_RADIUS_METERS);
  const meters = ratio > 1 ? Math.PI * PG_EARTH_RADIUS_METERS : 2 * PG_EARTH_RADIUS_METERS * Math.asin(ratio);
  return meters / METERS_PER_MILE;
}

/** Worst rounding of the secant form next to an antipode: asin near 1 turns ε (a few ulps) into √(2ε). */
const ANTIPODE_ROUNDING_MILES = (2 * PG_EARTH_RADIUS_METERS * Math.sqrt(2 * 8 * Number.EPSILON)) / METERS_PER_MILE;

const pointArb: fc.Arbitrary<GeoPoint> = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
});

describe('earthDistanceMiles', () => {
  const newYork = { lat: 40.7128, lon: -74.006 };
  const losAngeles = { lat: 34.0522, lon: -118.2437 };

  it('gives New York to Los Angeles as about 2,448 miles on the earthdistance sphere', () => {
    expect(earthDistanceMiles(newYork, losAngeles)).toBeCloseTo(2448.31, 1);
  });

  it('is zero from a point to itself and symmetric', () => {
    fc.assert(
      fc.property(pointArb, pointArb, (a, b) => {
        expect(earthDistanceMiles(a, a)).toBe(0);
        expect(Math.abs(earthDistanceMiles(a, b) - earthDistanceMiles(b, a))).toBeLessThan(1e-9);
      }),
    );
  });

  it('matches earth_distance(ll_to_earth(..), ll_to_earth(..)) / 1609.344', () => {
    fc.assert(
      fc.property(pointArb, pointArb, (a, b) => {
        // The secant form loses precision for tiny distances, and near antipodes, where asin's slope is unbounded,
        // a rounding error ε in the ratio becomes up to 2R·√(2ε) of distance (about 0.5 mi/1000). Both agree to
        // within a yard everywhere (well under one away from antipodes).
        expect(Math.abs(earthDistanceMiles(a, b) - sqlEarthDistanceMiles(a, b))).toBeLessThan(
          1e-4 + ANTIPODE_ROUNDING_MILES,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('never exceeds half the circumference', () => {
    fc.assert(
      fc.property(pointArb, pointArb, (a, b) => {
        expect(earthDistanceMiles(a, b)).toBeLessThanOrEqual(
          (Math.PI * PG_EARTH_RADIUS_METERS) / METERS_PER_MILE + 1e-9,
        );
      }),
    );
  });
});
