import { TZDateMini, tzOffset } from '@date-fns/tz';
import fc from 'fast-check';
import {
  describeInstant,
  instantAtWallClock,
  localDateOf,
  noonAt,
  parseIsoInstant,
  resolveLocalTime,
  wallClockOf,
} from '../../../src/time';
import { courtZones } from '../deadlines/fixtures';
import { US_ZONES } from '../reminders/support';

const ZONES = courtZones();
const MINUTE = 60_000;

const instant = fc
  .integer({ min: Date.UTC(2020, 0, 1) / MINUTE, max: Date.UTC(2036, 0, 1) / MINUTE })
  .map((minutes) => new Date(minutes * MINUTE));
const wallTime = fc.record({
  year: fc.integer({ min: 2020, max: 2035 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
});
const pad = (n: number) => String(n).padStart(2, '0');

describe('resolveLocalTime', () => {
  it.each([
    ['America/New_York', '2027-03-03', '09:00', '2027-03-03T14:00:00.000Z'],
    ['America/New_York', '2027-07-01', '09:00', '2027-07-01T13:00:00.000Z'],
    ['America/Phoenix', '2027-07-01', '09:00', '2027-07-01T16:00:00.000Z'],
    ['Pacific/Honolulu', '2027-03-14', '02:30', '2027-03-14T12:30:00.000Z'],
    ['America/Puerto_Rico', '2027-03-14', '02:30', '2027-03-14T06:30:00.000Z'],
    ['Pacific/Guam', '2027-01-01', '00:00', '2026-12-31T14:00:00.000Z'],
  ])('%s %s %s is %s', (zone, date, time, expected) => {
    expect(resolveLocalTime(date, time, zone)).toEqual({ kind: 'exact', instant: new Date(expected) });
  });

  it('finds the spring-forward gap and the fall-back overlap', () => {
    expect(resolveLocalTime('2026-03-08', '02:30', 'America/New_York')).toEqual({ kind: 'nonexistent' });
    expect(resolveLocalTime('2026-03-08', '02:00', 'America/New_York')).toEqual({ kind: 'nonexistent' });
    expect(resolveLocalTime('2026-03-08', '03:00', 'America/New_York').kind).toBe('exact');
    expect(resolveLocalTime('2026-03-08', '01:59', 'America/New_York').kind).toBe('exact');
    expect(resolveLocalTime('2026-11-01', '01:30', 'America/New_York')).toEqual({
      kind: 'ambiguous',
      earlier: new Date('2026-11-01T05:30:00.000Z'),
      later: new Date('2026-11-01T06:30:00.000Z'),
    });
    expect(resolveLocalTime('2026-11-01', '02:00', 'America/New_York').kind).toBe('exact');
    expect(resolveLocalTime('2026-11-01', '00:59', 'America/New_York').kind).toBe('exact');
    // Arizona (except the Navajo Nation) keeps standard time all year.
    expect(resolveLocalTime('2026-03-08', '02:30', 'America/Phoenix').kind).toBe('exact');
  });

  it('refuses impossible dates and times and unknown zones', () => {
    expect(() => resolveLocalTime('2026-02-30', '09:00', 'America/New_York')).toThrow(RangeError);
    expect(() => resolveLocalTime('2026-02-28', '24:00', 'America/New_York')).toThrow(RangeError);
    expect(() => resolveLocalTime('2026-02-28', '9:00', 'America/New_York')).toThrow(RangeError);
    expect(() => resolveLocalTime('2026-02-28', '09:00', 'Mars/Olympus')).toThrow(RangeError);
  });

  it('round-trips every instant through its wall-clock reading, in every court zone (property)', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (at, zone) => {
        const local = describeInstant(at, zone);
        const resolved = resolveLocalTime(local.date, local.time, zone);
        if (resolved.kind === 'nonexistent') return false;
        if (resolved.kind === 'exact') return resolved.instant.getTime() === at.getTime();
        return [resolved.earlier.getTime(), resolved.later.getTime()].includes(at.getTime());
      }),
      { numRuns: 3000 },
    );
  });

  it('gives only instants that read back as the wall time, and "nonexistent" only inside a forward change (property)', () => {
    fc.assert(
      fc.property(wallTime, fc.constantFrom(...ZONES), ({ year, month, day, hour, minute }, zone) => {
        const date = `${year}-${pad(month)}-${pad(day)}`;
        const time = `${pad(hour)}:${pad(minute)}`;
        const resolved = resolveLocalTime(date, time, zone);
        const wallMs = Date.UTC(year, month - 1, day, hour, minute);
        if (resolved.kind === 'nonexistent') {
          // Offsets either side differ by a forward jump that covers this wall time.
          const before = tzOffset(zone, new Date(wallMs - 86_400_000));
          const after = tzOffset(zone, new Date(wallMs + 86_400_000));
          return after > before;
        }
        const instants = resolved.kind === 'exact' ? [resolved.instant] : [resolved.earlier, resolved.later];
        return instants.every((i) => {
          const back = describeInstant(i, zone);
          return back.date === date && back.time === time;
        });
      }),
      { numRuns: 5000 },
    );
  });
});

describe('describeInstant', () => {
  it.each([
    ['2027-03-03T14:00:00Z', 'America/New_York', 'Wed, Mar 3, 2027, 9:00 AM EST', 'Eastern Time', '-05:00'],
    ['2027-07-01T13:00:00Z', 'America/New_York', 'Thu, Jul 1, 2027, 9:00 AM EDT', 'Eastern Time', '-04:00'],
    [
      '2027-07-01T16:00:00Z',
      'America/Phoenix',
      'Thu, Jul 1, 2027, 9:00 AM MST',
      'Mountain Standard Time',
      '-07:00',
    ],
    [
      '2027-07-01T18:30:00Z',
      'Pacific/Honolulu',
      'Thu, Jul 1, 2027, 8:30 AM HST',
      'Hawaii-Aleutian Standard Time',
      '-10:00',
    ],
    [
      '2027-03-15T14:00:00Z',
      'America/Puerto_Rico',
      'Mon, Mar 15, 2027, 10:00 AM AST',
      'Atlantic Standard Time',
      '-04:00',
    ],
    [
      '2027-03-14T23:00:00Z',
      'Pacific/Guam',
      'Mon, Mar 15, 2027, 9:00 AM ChST',
      'Chamorro Standard Time',
      '+10:00',
    ],
    [
      '2027-03-14T23:00:00Z',
      'Pacific/Saipan',
      'Mon, Mar 15, 2027, 9:00 AM ChST',
      'Chamorro Standard Time',
      '+10:00',
    ],
  ])('%s in %s reads %s', (iso, zone, display, zoneName, utcOffset) => {
    expect(describeInstant(new Date(iso), zone)).toMatchObject({
      display,
      zoneName,
      utcOffset,
      timeZone: zone,
    });
  });
});

describe('parseIsoInstant', () => {
  it.each([
    ['2027-03-03T09:00:00-05:00', '2027-03-03T14:00:00.000Z'],
    ['2027-03-03T09:00-05:00', '2027-03-03T14:00:00.000Z'],
    ['2027-03-03T14:00:00Z', '2027-03-03T14:00:00.000Z'],
    ['2027-03-03T14:00:00.250Z', '2027-03-03T14:00:00.250Z'],
    ['2027-03-15T09:00:00+10:00', '2027-03-14T23:00:00.000Z'],
  ])('%s', (input, expected) => {
    expect(parseIsoInstant(input)?.toISOString()).toBe(expected);
  });

  it.each([
    '2027-03-03T09:00:00',
    '2027-03-03',
    '2027-02-30T09:00:00Z',
    '2027-03-03T25:00:00Z',
    'tomorrow',
    '2027-03-03 09:00Z',
  ])('refuses %s', (input) => {
    expect(parseIsoInstant(input)).toBeNull();
  });
});

describe('noonAt', () => {
  it('is on the same calendar date in every court zone', () => {
    for (const zone of ZONES) {
      for (const date of ['2026-03-08', '2026-11-01', '2027-01-01', '2027-12-31']) {
        expect(describeInstant(noonAt(date, zone), zone).date).toBe(date);
      }
    }
  });
});

// Moved from test/unit/reminders/zoned-time.spec.ts (the planner's wall-clock arithmetic, now src/time).
describe('wall clock on the cached offset table', () => {
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
});
