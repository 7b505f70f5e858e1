import fc from 'fast-check';
import { BusinessCalendar, DeadlineInputError, businessCalendarFor } from '../../../src/deadlines/engine';
import { addDays, dayNumberFromParts, formatDayNumber } from '../../../src/time';
import { referenceDate, referenceIsBusinessDay } from '../../support/deadline-reference';

describe('BusinessCalendar', () => {
  const federal = BusinessCalendar.federal;

  it('treats weekends and observed holidays as closed', () => {
    expect(federal.isBusinessDay('2025-07-03')).toBe(true); // Thu
    expect(federal.isBusinessDay('2025-07-04')).toBe(false); // Independence Day
    expect(federal.isBusinessDay('2025-07-05')).toBe(false); // Sat
    expect(federal.isBusinessDay('2025-07-06')).toBe(false); // Sun
    expect(federal.isBusinessDay('2026-07-03')).toBe(false); // observed for Sat 4 July
    expect(federal.isBusinessDay('2021-12-31')).toBe(false); // observed for Sat 1 Jan 2022
    expect(federal.isBusinessDay('2025-11-28')).toBe(true); // day after Thanksgiving is no holiday
  });

  it('rolls forward and backward, on-or and strictly', () => {
    expect(federal.businessDayOnOrAfter('2025-07-04')).toBe('2025-07-07');
    expect(federal.businessDayOnOrBefore('2025-07-06')).toBe('2025-07-03');
    expect(federal.businessDayOnOrAfter('2025-07-07')).toBe('2025-07-07');
    expect(federal.nextBusinessDay('2025-07-03')).toBe('2025-07-07');
    expect(federal.nextBusinessDay('2025-07-07')).toBe('2025-07-08');
    expect(federal.previousBusinessDay('2025-07-07')).toBe('2025-07-03');
    expect(federal.previousBusinessDay('2022-01-03')).toBe('2021-12-30');
    expect(federal.nextBusinessDay('2027-12-30')).toBe('2028-01-03');
  });

  it('adds per-court closures on top of the federal calendar', () => {
    const court = new BusinessCalendar(['2025-03-10', '2025-03-11', '2025-03-10']);
    expect(court.closures).toEqual(['2025-03-10', '2025-03-11']);
    expect(court.isBusinessDay('2025-03-10')).toBe(false);
    expect(court.businessDayOnOrAfter('2025-03-08')).toBe('2025-03-12');
    expect(court.businessDayOnOrBefore('2025-03-11')).toBe('2025-03-07');
    expect(federal.isBusinessDay('2025-03-10')).toBe(true);
  });

  it('says why a day is closed', () => {
    const court = new BusinessCalendar(['2025-03-10']);
    expect(court.nonBusinessReason('2025-03-08')).toBe('Saturday');
    expect(court.nonBusinessReason('2025-03-09')).toBe('Sunday');
    expect(court.nonBusinessReason('2025-03-10')).toBe('court closure');
    expect(court.nonBusinessReason('2025-07-04')).toBe('Independence Day');
    expect(court.nonBusinessReason('2026-07-03')).toBe('Independence Day (observed)');
    expect(court.nonBusinessReason('2021-12-31')).toBe("New Year's Day (observed)");
    expect(court.nonBusinessReason('2025-03-12')).toBeNull();
  });

  it('rejects malformed closure dates and refuses to roll through a year of closures', () => {
    expect(() => new BusinessCalendar(['2025-02-30'])).toThrow(DeadlineInputError);
    const closures = Array.from({ length: 400 }, (_, index) => addDays('2025-01-01', index));
    expect(() => new BusinessCalendar(closures).businessDayOnOrAfter('2025-01-01')).toThrow(
      DeadlineInputError,
    );
  });

  it('shares one calendar per closure list', () => {
    expect(businessCalendarFor([])).toBe(BusinessCalendar.federal);
    expect(businessCalendarFor(undefined)).toBe(BusinessCalendar.federal);
    expect(businessCalendarFor(['2025-03-10'])).toBe(businessCalendarFor(['2025-03-10']));
  });

  it('agrees with the reference on every day 2019–2036, with and without closures', () => {
    const closures = ['2020-03-16', '2020-03-17', '2024-12-24', '2025-12-26', '2031-02-03'];
    const court = new BusinessCalendar(closures);
    const closureSet = new Set(closures);
    const empty = new Set<string>();
    for (let day = dayNumberFromParts(2019, 1, 1); day <= dayNumberFromParts(2036, 12, 31); day++) {
      const date = referenceDate(formatDayNumber(day));
      if (court.isBusinessDayNumber(day) !== referenceIsBusinessDay(date, closureSet))
        throw new Error(`${day}`);
      if (federal.isBusinessDayNumber(day) !== referenceIsBusinessDay(date, empty)) throw new Error(`${day}`);
    }
  });

  it('rolls to the nearest business day on each side, skipping only closed days (property)', () => {
    const anyDay = fc.integer({ min: dayNumberFromParts(2020, 1, 1), max: dayNumberFromParts(2035, 12, 31) });
    const closures = fc.uniqueArray(anyDay, { maxLength: 30 });
    fc.assert(
      fc.property(
        anyDay,
        closures,
        fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 5 }),
        (day, closed, near) => {
          // Closures right next to the day make long runs of closed days likely.
          const closureDays = [...closed, ...near.map((offset) => day + offset - 3)];
          const calendar = new BusinessCalendar(closureDays.map(formatDayNumber));
          const after = calendar.onOrAfterDayNumber(day);
          const before = calendar.onOrBeforeDayNumber(day);
          expect(calendar.isBusinessDayNumber(after)).toBe(true);
          expect(calendar.isBusinessDayNumber(before)).toBe(true);
          expect(before <= day && day <= after).toBe(true);
          for (let between = before + 1; between < after; between++) {
            expect(calendar.isBusinessDayNumber(between)).toBe(false);
          }
          expect(after === before).toBe(calendar.isBusinessDayNumber(day));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
