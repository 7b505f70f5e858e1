import fc from 'fast-check';
import { distanceMiles, EARTH_RADIUS_MILES, lookupZip, type GeoPoint } from '../../../src/geo';

const NYC: GeoPoint = { lat: 40.7128, lon: -74.006 };
const LA: GeoPoint = { lat: 34.0522, lon: -118.2437 };

const point = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
});

describe('distanceMiles', () => {
  it('is zero from a point to itself', () => {
    expect(distanceMiles(NYC, NYC)).toBe(0);
  });

  it('matches the published New York – Los Angeles great-circle distance (about 2,445 mi)', () => {
    expect(distanceMiles(NYC, LA)).toBeCloseTo(2445, -1);
  });

  it('gives about 69.1 miles per degree of latitude, and of longitude on the equator', () => {
    expect(distanceMiles({ lat: 10, lon: 20 }, { lat: 11, lon: 20 })).toBeCloseTo(69.09, 1);
    expect(distanceMiles({ lat: 0, lon: 20 }, { lat: 0, lon: 21 })).toBeCloseTo(69.09, 1);
  });

  it('goes the short way across the antimeridian (Aleutians)', () => {
    expect(distanceMiles({ lat: 0, lon: 179.5 }, { lat: 0, lon: -179.5 })).toBeCloseTo(69.09, 1);
  });

  it('gives half the circumference between antipodes, not NaN', () => {
    expect(distanceMiles({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(
      Math.PI * EARTH_RADIUS_MILES,
      6,
    );
    expect(distanceMiles({ lat: 90, lon: 0 }, { lat: -90, lon: 0 })).toBeCloseTo(
      Math.PI * EARTH_RADIUS_MILES,
      6,
    );
  });

  it('works on ZIP places directly (Manhattan to the Bronx is under 15 miles)', () => {
    const a = lookupZip('10001');
    const b = lookupZip('10451');
    expect(a && b && distanceMiles(a, b)).toBeLessThan(15);
  });

  it('is symmetric, non-negative, bounded and obeys the triangle inequality', () => {
    fc.assert(
      fc.property(point, point, point, (a, b, c) => {
        const ab = distanceMiles(a, b);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(Math.PI * EARTH_RADIUS_MILES + 1e-6);
        expect(Math.abs(ab - distanceMiles(b, a))).toBeLessThan(1e-6);
        expect(distanceMiles(a, c)).toBeLessThanOrEqual(ab + distanceMiles(b, c) + 1e-6);
      }),
    );
  });
});
