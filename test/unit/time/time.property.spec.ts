import { tzOffset } from '@date-fns/tz';
import fc from 'fast-check';
import {
  addDays,
  ageOn,
  calendarDateParts,
  daysBetween,
  describeInstant,
  instantAtClockTime,
  isCalendarDate,
  isKnownTimeZone,
  isTimeZone,
  localDateOf,
  noonAt,
  parseInstantOrDate,
  resolveLocalTime,
  todayIn,
  wallClockOf,
} from '../../../src/time';
import { courtZones } from '../deadlines/fixtures';

/**
 * src/time against independent computations: Intl itself (no offset table), JavaScript's own UTC calendar,
 * and brute force over the minutes around each instant. Many zones (every zone the runtime knows), many
 * instants, and the days of DST changes in both directions.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const ALL_ZONES: string[] = Intl.supportedValuesOf('timeZone');
const PLACE_ZONES = ALL_ZONES.filter((zone) => !zone.startsWith('Etc/'));
// Zones that change their offset twice a year, with odd offsets and both hemispheres, besides the courts' own.
const DST_ZONES = [
  ...courtZones(),
  'America/St_Johns',
  'America/Santiago',
  'Australia/Lord_Howe',
  'Australia/Adelaide',
  'Europe/London',
  'Europe/Berlin',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'Asia/Tehran',
];

const anyZone = fc.oneof(fc.constantFrom(...PLACE_ZONES), fc.constantFrom(...DST_ZONES));
const dstZone = fc.constantFrom(...DST_ZONES);

/** Every offset change 2020–2035 in `zone`: found day by day with Intl, then bisected to the millisecond. */
const changesByZone = new Map<string, number[]>();
function offsetChanges(zone: string): number[] {
  let changes = changesByZone.get(zone);
  if (!changes) {
    changes = [];
    for (let ms = Date.UTC(2020, 0, 1); ms < Date.UTC(2036, 0, 1); ms += DAY) {
      const before = tzOffset(zone, new Date(ms));
      if (before === tzOffset(zone, new Date(ms + DAY))) continue;
      let low = ms;
      let high = ms + DAY;
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (tzOffset(zone, new Date(middle)) === before) low = middle;
        else high = middle;
      }
      changes.push(high);
    }
    changesByZone.set(zone, changes);
  }
  return changes;
}

/** Instants anywhere 2020–2035, and (in the DST zones) instants within a day of an offset change. */
function instantIn(zone: string): fc.Arbitrary<Date> {
  const changes = DST_ZONES.includes(zone) ? offsetChanges(zone) : [];
  const anywhere = fc
    .integer({ min: Date.UTC(2020, 0, 1) / MINUTE, max: Date.UTC(2036, 0, 1) / MINUTE - 1 })
    .chain((minute) => fc.integer({ min: 0, max: MINUTE - 1 }).map((ms) => new Date(minute * MINUTE + ms)));
  if (changes.length === 0) return anywhere;
  const nearChange = fc
    .tuple(fc.constantFrom(...changes), fc.integer({ min: -DAY, max: DAY }))
    .map(([change, delta]) => new Date(change + delta));
  return fc.oneof(anywhere, nearChange);
}

const zoneAndInstant = (zones: fc.Arbitrary<string>) =>
  zones.chain((zone) => instantIn(zone).map((instant) => ({ zone, instant })));

/** The calendar date at `instant` in `zone`, as Intl prints it (the old common/calendar-date todayIn). */
function intlDate(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** 'HH:mm' at `instant` in `zone`, as Intl prints it. */
function intlTime(instant: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('hour')}:${part('minute')}`;
}

/** A local date and time near an offset change of `zone` (or anywhere 2020–2035 if it has none). */
function wallTimeIn(zone: string) {
  return instantIn(zone).chain((near) =>
    fc.integer({ min: -3 * 60, max: 3 * 60 }).map((minutes) => {
      const shifted = new Date(near.getTime() + tzOffset(zone, near) * MINUTE + minutes * MINUTE);
      return {
        zone,
        date: shifted.toISOString().slice(0, 10),
        time: shifted.toISOString().slice(11, 16),
      };
    }),
  );
}

describe('today in a zone', () => {
  it('is the date Intl shows in that zone, for every zone the runtime knows (property)', () => {
    fc.assert(
      fc.property(zoneAndInstant(anyZone), ({ zone, instant }) => {
        expect(todayIn(zone, instant)).toBe(intlDate(instant, zone));
        expect(localDateOf(instant, zone)).toBe(intlDate(instant, zone));
      }),
      { numRuns: 3000 },
    );
  });

  it('is the date Intl shows around every DST change, a millisecond either side (property)', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...DST_ZONES.filter((zone) => offsetChanges(zone).length > 0))
          .chain((zone) =>
            fc
              .tuple(fc.constantFrom(...offsetChanges(zone)), fc.constantFrom(-1, 0, 1, -HOUR, HOUR))
              .map(([change, nudge]) => ({ zone, instant: new Date(change + nudge) })),
          ),
        ({ zone, instant }) => {
          expect(todayIn(zone, instant)).toBe(intlDate(instant, zone));
          expect(`${pad(wallClockOf(instant, zone).hours)}:${pad(wallClockOf(instant, zone).minutes)}`).toBe(
            intlTime(instant, zone),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('local time <-> instant', () => {
  it('round-trips local -> instant -> local, except in DST gaps and overlaps, which are reported (property)', () => {
    fc.assert(
      fc.property(dstZone.chain(wallTimeIn), ({ zone, date, time }) => {
        const resolved = resolveLocalTime(date, time, zone);
        if (resolved.kind === 'exact') {
          expect(describeInstant(resolved.instant, zone)).toMatchObject({ date, time });
          expect(instantAtClockTime(date, time, zone)).toEqual(resolved.instant);
          return;
        }
        if (resolved.kind === 'ambiguous') {
          // An overlap: both instants read back as the wall time, the earlier in the offset before the change.
          for (const instant of [resolved.earlier, resolved.later]) {
            expect(describeInstant(instant, zone)).toMatchObject({ date, time });
          }
          const gap = resolved.later.getTime() - resolved.earlier.getTime();
          expect(gap).toBe((tzOffset(zone, resolved.earlier) - tzOffset(zone, resolved.later)) * MINUTE);
          expect(gap).toBeGreaterThan(0);
          // Documented choice: the first occurrence.
          expect(instantAtClockTime(date, time, zone)).toEqual(resolved.earlier);
          return;
        }
        // A gap: no minute of that day and the next reads as this wall time...
        const [h, m] = time.split(':').map(Number);
        const [year, month, day] = date.split('-').map(Number);
        const wall = Date.UTC(year, month - 1, day, h, m);
        for (let ms = wall - 15 * HOUR; ms <= wall + 15 * HOUR; ms += MINUTE) {
          const reading = describeInstant(new Date(ms), zone);
          expect(reading.date === date && reading.time === time).toBe(false);
        }
        // ...and the documented choice moves it later by the length of the gap.
        const moved = instantAtClockTime(date, time, zone);
        // The offset some hours before the moved instant is the one before the change (changes are months apart).
        const before = tzOffset(zone, new Date(moved.getTime() - 6 * HOUR));
        const after = tzOffset(zone, moved);
        expect(after).toBeGreaterThan(before);
        const reading = describeInstant(moved, zone);
        const [rh, rm] = reading.time.split(':').map(Number);
        const movedBy = daysBetween(date, reading.date) * 24 * 60 + (rh * 60 + rm) - (h * 60 + m);
        expect(movedBy).toBe(after - before);
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips instant -> local -> instant in every zone the runtime knows (property)', () => {
    fc.assert(
      fc.property(zoneAndInstant(anyZone), ({ zone, instant }) => {
        const whole = new Date(Math.floor(instant.getTime() / MINUTE) * MINUTE);
        const local = describeInstant(whole, zone);
        const resolved = resolveLocalTime(local.date, local.time, zone);
        if (resolved.kind === 'exact') expect(resolved.instant).toEqual(whole);
        else if (resolved.kind === 'ambiguous')
          expect([resolved.earlier, resolved.later]).toContainEqual(whole);
        else
          throw new Error(
            `${whole.toISOString()} in ${zone} read as ${local.time}, which resolved to no instant`,
          );
      }),
      { numRuns: 3000 },
    );
  });

  it('puts noon on its own date in every zone the runtime knows (property)', () => {
    fc.assert(
      fc.property(anyZone, fc.integer({ min: 0, max: 16 * 366 }), (zone, offset) => {
        const date = addDays('2020-01-01', offset);
        expect(localDateOf(noonAt(date, zone), zone)).toBe(date);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('calendar dates', () => {
  const dateParts = fc.record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
  });

  it('are the real days of years 1000–9999, and nothing else (property)', () => {
    fc.assert(
      fc.property(dateParts, ({ year, month, day }) => {
        const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
        const probe = new Date(0);
        probe.setUTCFullYear(year, month - 1, day);
        const real =
          month >= 1 && month <= 12 && probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1;
        expect(isCalendarDate(text)).toBe(real && year >= 1000);
        if (isCalendarDate(text)) expect(calendarDateParts(text)).toEqual({ year, month, day });
      }),
      { numRuns: 5000 },
    );
  });

  it('add and count days as the UTC calendar does (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1) / DAY, max: Date.UTC(2200, 0, 1) / DAY }),
        fc.integer({ min: -5000, max: 5000 }),
        (day, days) => {
          const date = new Date(day * DAY).toISOString().slice(0, 10);
          const expected = new Date((day + days) * DAY).toISOString().slice(0, 10);
          expect(addDays(date, days)).toBe(expected);
          expect(daysBetween(date, expected)).toBe(days);
        },
      ),
    );
  });

  it('give an age that grows by one on each birthday (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1950, 0, 1) / DAY, max: Date.UTC(2030, 0, 1) / DAY }),
        fc.integer({ min: 0, max: 40 * 366 }),
        (birthDay, later) => {
          const birth = new Date(birthDay * DAY).toISOString().slice(0, 10);
          const on = new Date((birthDay + later) * DAY).toISOString().slice(0, 10);
          const age = ageOn(birth, on);
          const [by, bm, bd] = birth.split('-').map(Number);
          // The last birthday reached: the same month and day, `age` years on (29 February counts from 1 March).
          const birthdayAt = (years: number) =>
            new Date(Date.UTC(by + years, bm - 1, bd)).toISOString().slice(0, 10);
          expect(birthdayAt(age) <= on).toBe(true);
          expect(birthdayAt(age + 1) > on).toBe(true);
        },
      ),
    );
  });

  it('mean the same day as a request field (IsCalendarDate) and as an instant (start of the day, UTC)', () => {
    fc.assert(
      fc.property(dateParts, ({ year, month, day }) => {
        const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
        const asInstant = parseInstantOrDate(text);
        expect(asInstant !== null).toBe(isCalendarDate(text));
        if (asInstant) expect(localDateOf(asInstant, 'UTC')).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('time zones', () => {
  it('know every zone the runtime knows; places exclude fixed offsets (Etc/...)', () => {
    for (const zone of ALL_ZONES) {
      expect(isTimeZone(zone)).toBe(true);
      expect(isKnownTimeZone(zone)).toBe(!zone.startsWith('Etc/'));
    }
  });

  it('refuse names Intl refuses, including strings an offset could be read out of (property)', () => {
    const intlKnows = (zone: string) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.constantFrom('+05', 'Nowhere+05', '+02:00', '-0800', 'Mars/Olympus', 'Eastern', ''),
          anyZone.map((zone) => `${zone}+05`),
        ),
        (zone) => {
          expect(isTimeZone(zone)).toBe(intlKnows(zone) && !Number.isNaN(tzOffset(zone, new Date(0))));
          if (!intlKnows(zone)) expect(() => todayIn(zone, new Date())).toThrow(RangeError);
          if (isKnownTimeZone(zone)) expect(isTimeZone(zone)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
