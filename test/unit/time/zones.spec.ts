import { tzOffset } from '@date-fns/tz';
import fc from 'fast-check';
import { DeadlineInputError } from '../../../src/deadlines/engine';
import { localDateOf, zoneOffsetMinutes } from '../../../src/time';
import { referenceLocalDate } from '../../support/deadline-reference';
import { courtZones } from '../deadlines/fixtures';

const ZONES = courtZones();
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** US DST changes 2020–2035: second Sunday of March and first Sunday of November, 02:00 local. */
function usDstChangeDays(): { year: number; month: number; day: number }[] {
  const days: { year: number; month: number; day: number }[] = [];
  for (let year = 2020; year <= 2035; year++) {
    const march1 = new Date(Date.UTC(year, 2, 1)).getUTCDay();
    const november1 = new Date(Date.UTC(year, 10, 1)).getUTCDay();
    days.push({ year, month: 3, day: 1 + ((7 - march1) % 7) + 7 });
    days.push({ year, month: 11, day: 1 + ((7 - november1) % 7) });
  }
  return days;
}

/**
 * Instants that make the zone matter: uniformly spread; exactly on (and a millisecond or a minute around) a
 * whole or half UTC hour, which is local midnight somewhere; and the hours around every US DST change.
 */
const interestingInstant: fc.Arbitrary<Date> = fc.oneof(
  fc.date({
    min: new Date('2020-01-01T00:00:00Z'),
    max: new Date('2035-12-31T23:59:59Z'),
    noInvalidDate: true,
  }),
  fc
    .tuple(
      fc.integer({ min: Date.UTC(2020, 0, 1) / HOUR, max: Date.UTC(2036, 0, 1) / HOUR }),
      fc.constantFrom(0, 30),
      fc.constantFrom(-MINUTE, -1, 0, 1, MINUTE),
    )
    .map(([hours, minutes, nudge]) => new Date(hours * HOUR + minutes * MINUTE + nudge)),
  fc
    .tuple(
      fc.constantFrom(...usDstChangeDays()),
      fc.integer({ min: -2 * 60, max: 14 * 60 }),
      fc.constantFrom(-1, 0, 1),
    )
    .map(
      ([{ year, month, day }, minutes, nudge]) =>
        new Date(Date.UTC(year, month - 1, day) + minutes * MINUTE + nudge),
    ),
);

describe('court-local dates', () => {
  it('covers every court zone, including the odd ones', () => {
    expect(ZONES).toEqual(
      expect.arrayContaining([
        'America/Phoenix',
        'Pacific/Honolulu',
        'America/Puerto_Rico',
        'Pacific/Guam',
        'Pacific/Saipan',
        'America/Indiana/Indianapolis',
        'America/Kentucky/Louisville',
        'America/Detroit',
      ]),
    );
  });

  it('puts a hearing at 00:30 local on the DST-start day on that day (New York, 2025-03-09)', () => {
    const startsAt = new Date('2025-03-09T05:30:00Z'); // 00:30 EST
    expect(localDateOf(startsAt, 'America/New_York')).toBe('2025-03-09');
    expect(localDateOf(startsAt, 'America/Los_Angeles')).toBe('2025-03-08'); // 21:30 PST the evening before
    expect(localDateOf(new Date('2025-03-09T04:59:59.999Z'), 'America/New_York')).toBe('2025-03-08');
  });

  it('handles the DST-end day, including the repeated hour (New York, 2025-11-02)', () => {
    expect(localDateOf(new Date('2025-11-02T04:30:00Z'), 'America/New_York')).toBe('2025-11-02'); // 00:30 EDT
    expect(localDateOf(new Date('2025-11-02T05:30:00Z'), 'America/New_York')).toBe('2025-11-02'); // 01:30 EDT
    expect(localDateOf(new Date('2025-11-02T06:30:00Z'), 'America/New_York')).toBe('2025-11-02'); // 01:30 EST
    expect(localDateOf(new Date('2025-11-03T04:59:59.999Z'), 'America/New_York')).toBe('2025-11-02'); // 23:59 EST
    expect(localDateOf(new Date('2025-11-03T05:00:00Z'), 'America/New_York')).toBe('2025-11-03');
  });

  it('switches offset exactly at the DST instant', () => {
    expect(zoneOffsetMinutes(new Date('2025-03-09T06:59:59.999Z'), 'America/New_York')).toBe(-300);
    expect(zoneOffsetMinutes(new Date('2025-03-09T07:00:00.000Z'), 'America/New_York')).toBe(-240);
    expect(zoneOffsetMinutes(new Date('2025-11-02T05:59:59.999Z'), 'America/New_York')).toBe(-240);
    expect(zoneOffsetMinutes(new Date('2025-11-02T06:00:00.000Z'), 'America/New_York')).toBe(-300);
    expect(zoneOffsetMinutes(new Date('2025-03-09T12:00:00Z'), 'America/Phoenix')).toBe(-420);
  });

  it('uses the court date when UTC is already on the next (Honolulu) or still on the previous day (Guam)', () => {
    expect(localDateOf(new Date('2025-07-01T09:30:00Z'), 'Pacific/Honolulu')).toBe('2025-06-30'); // 23:30 HST
    expect(localDateOf(new Date('2025-07-01T10:00:00Z'), 'Pacific/Honolulu')).toBe('2025-07-01');
    expect(localDateOf(new Date('2025-06-30T15:00:00Z'), 'Pacific/Guam')).toBe('2025-07-01'); // 01:00 ChST
    expect(localDateOf(new Date('2025-06-30T13:59:59.999Z'), 'Pacific/Guam')).toBe('2025-06-30');
    expect(localDateOf(new Date('2025-01-01T03:59:59Z'), 'America/Puerto_Rico')).toBe('2024-12-31'); // AST, no DST
    expect(localDateOf(new Date('2025-03-09T06:59:00Z'), 'America/Phoenix')).toBe('2025-03-08'); // MST all year
  });

  it('rejects unknown zones and invalid instants', () => {
    expect(() => localDateOf(new Date(), 'Mars/Olympus_Mons')).toThrow(DeadlineInputError);
    expect(() => localDateOf(new Date(), 'Nowhere+05')).toThrow(DeadlineInputError);
    expect(() => localDateOf(new Date(Number.NaN), 'America/New_York')).toThrow(DeadlineInputError);
  });

  it('agrees with Intl on random instants 2020–2035 in every court zone (property)', () => {
    fc.assert(
      fc.property(interestingInstant, fc.constantFrom(...ZONES), (instant, zone) => {
        expect(localDateOf(instant, zone)).toBe(referenceLocalDate(instant, zone));
      }),
      { numRuns: 30_000 },
    );
  });

  it('agrees with Intl a millisecond either side of every offset change 2020–2035, in every court zone', () => {
    let changes = 0;
    for (const zone of ZONES) {
      // Changes found hour by hour with the library call itself, not through the engine's cached table.
      let previous = tzOffset(zone, new Date(Date.UTC(2020, 0, 1)));
      for (let ms = Date.UTC(2020, 0, 1); ms < Date.UTC(2036, 0, 1); ms += HOUR) {
        const offset = tzOffset(zone, new Date(ms));
        if (offset === previous) continue;
        changes++;
        previous = offset;
        for (const probe of [ms - HOUR - 1, ms - HOUR, ms - 1, ms, ms + 1]) {
          const instant = new Date(probe);
          expect([zone, probe, localDateOf(instant, zone)]).toEqual([
            zone,
            probe,
            referenceLocalDate(instant, zone),
          ]);
          expect(zoneOffsetMinutes(instant, zone)).toBe(tzOffset(zone, instant));
        }
      }
    }
    // 7 zones with US DST x 2 changes x 16 years.
    expect(changes).toBe(7 * 2 * 16);
  });
});
