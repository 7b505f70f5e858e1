import { TZDateMini, tzOffset } from '@date-fns/tz';
import fc from 'fast-check';
import { instantAtWallClock, localDateOf, wallClockOf } from '../../../src/reminders/planning/zoned-time';
import { US_ZONES } from './support';

/**
 * The planner's local-time arithmetic uses a cached offset table (fast) instead of constructing a TZDate for every
 * conversion; reading an instant must agree with @date-fns/tz everywhere, and finding the instant of a wall-clock
 * time must follow our rule (the first of a repeated hour, a skipped time moved later) in every zone.
 */
const ZONES = [
  ...US_ZONES,
  // Beyond the US: a 30-minute offset with DST, a 45-minute one, and UTC+0 with DST (repeated hour east of UTC).
  'America/St_Johns',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Europe/London',
  'America/Guatemala',
];
const FROM = Date.UTC(1995, 0, 1);
const TO = Date.UTC(2045, 0, 1);
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The instant for a wall-clock time, by brute force: try every offset the zone has within two days and keep the
 * candidates whose own offset matches. Two candidates (a repeated hour) → the first; none (a skipped hour) → the
 * time moved later by the gap, i.e. read with the offset from before the change.
 * (@date-fns/tz is not the reference here: for a repeated hour it returns the later instant in zones at or east of
 * UTC and the earlier one west of it.)
 */
function oracleInstant(y: number, m: number, d: number, minute: number, zone: string): number {
  const wall = Date.UTC(y, m, d, Math.floor(minute / 60), minute % 60);
  const offsets = new Set<number>();
  for (let h = -48; h <= 48; h++) offsets.add(tzOffset(zone, new Date(wall + h * 3_600_000)));
  const fits = [...offsets]
    .map((offset) => wall - offset * 60_000)
    .filter((candidate) => wall - tzOffset(zone, new Date(candidate)) * 60_000 === candidate);
  if (fits.length) return Math.min(...fits);
  return wall - tzOffset(zone, new Date(wall - 2 * 86_400_000)) * 60_000;
}

describe('zoned time', () => {
  it('reads the local date and wall clock of any instant as @date-fns/tz does', () => {
    fc.assert(
      fc.property(fc.integer({ min: FROM, max: TO }), fc.constantFrom(...ZONES), (ms, zone) => {
        const reference = new TZDateMini(ms, zone);
        const instant = new Date(ms);
        expect(localDateOf(instant, zone)).toBe(
          `${reference.getFullYear()}-${pad(reference.getMonth() + 1)}-${pad(reference.getDate())}`,
        );
        expect(wallClockOf(instant, zone)).toEqual({
          hours: reference.getHours(),
          minutes: reference.getMinutes(),
          seconds: reference.getSeconds(),
          milliseconds: reference.getMilliseconds(),
        });
      }),
      { numRuns: 20_000 },
    );
  });

  it('finds the instant of a wall-clock time (gaps move later, repeated hours take the first)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: FROM, max: TO }),
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        fc.constantFrom(...ZONES),
        (ms, minute, zone) => {
          const day = new Date(ms);
          const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()];
          const clock = { hours: Math.floor(minute / 60), minutes: minute % 60, seconds: 0, milliseconds: 0 };
          expect(instantAtWallClock(`${y}-${pad(m + 1)}-${pad(d)}`, clock, zone).getTime()).toBe(
            oracleInstant(y, m, d, minute, zone),
          );
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('agrees with the oracle minute by minute across DST changes, both directions, west and east of UTC', () => {
    for (const [date, zone] of [
      ['2026-03-08', 'America/New_York'],
      ['2026-11-01', 'America/New_York'],
      ['2027-03-14', 'America/New_York'],
      ['2027-11-07', 'America/New_York'],
      ['2026-10-04', 'Australia/Lord_Howe'],
      ['2027-04-04', 'Australia/Lord_Howe'],
      ['2035-10-28', 'Europe/London'],
      ['2026-03-29', 'Europe/London'],
    ] as const) {
      const [y, m, d] = date.split('-').map(Number);
      for (let minute = 0; minute < 24 * 60; minute++) {
        const clock = { hours: Math.floor(minute / 60), minutes: minute % 60, seconds: 0, milliseconds: 0 };
        expect(instantAtWallClock(date, clock, zone).getTime()).toBe(
          oracleInstant(y, m - 1, d, minute, zone),
        );
      }
    }
  });

  it('takes the first of a repeated hour and moves a skipped time later (New York, London)', () => {
    const at = (date: string, hours: number, minutes: number, zone: string) =>
      instantAtWallClock(date, { hours, minutes, seconds: 0, milliseconds: 0 }, zone).toISOString();
    expect(at('2026-11-01', 1, 30, 'America/New_York')).toBe('2026-11-01T05:30:00.000Z'); // EDT, not EST
    expect(at('2035-10-28', 1, 0, 'Europe/London')).toBe('2035-10-28T00:00:00.000Z'); // BST, not GMT
    expect(at('2026-03-08', 2, 30, 'America/New_York')).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(at('2026-03-29', 1, 30, 'Europe/London')).toBe('2026-03-29T01:30:00.000Z'); // 02:30 BST
  });
});
