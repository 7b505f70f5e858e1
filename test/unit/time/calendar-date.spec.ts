import fc from 'fast-check';
import { DeadlineInputError } from '../../../src/deadlines/engine';
import {
  addDays,
  addYears,
  addYearsToDayNumber,
  dayNumberFromParts,
  dayOfWeek,
  dayOfWeekOf,
  formatDayNumber,
  isCalendarDate,
  parseCalendarDate,
  partsFromDayNumber,
} from '../../../src/time';

const MS_PER_DAY = 86_400_000;

describe('calendar dates', () => {
  it('agrees with JS Date on every day from 1600 to 2400 (format, parse, weekday)', () => {
    const first = dayNumberFromParts(1600, 1, 1);
    const last = dayNumberFromParts(2400, 12, 31);
    expect(first).toBe(Math.round(Date.UTC(1600, 0, 1) / MS_PER_DAY));
    for (let day = first; day <= last; day++) {
      const date = new Date(day * MS_PER_DAY);
      const text = date.toISOString().slice(0, 10);
      if (formatDayNumber(day) !== text) throw new Error(`format ${day}: ${formatDayNumber(day)} != ${text}`);
      if (parseCalendarDate(text) !== day) throw new Error(`parse ${text}`);
      if (dayOfWeek(day) !== date.getUTCDay()) throw new Error(`weekday ${text}`);
    }
  });

  it('knows 1970-01-01 is day 0, a Thursday', () => {
    expect(parseCalendarDate('1970-01-01')).toBe(0);
    expect(dayOfWeekOf('1970-01-01')).toBe(4);
    expect(partsFromDayNumber(-1)).toEqual({ year: 1969, month: 12, day: 31 });
  });

  it.each([
    '2025-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '2024-1-01',
    '2024-01-01T00:00',
    '20240101',
    '',
    'abcd-ef-gh',
    '0999-01-01',
    ' 2024-01-01',
  ])('rejects %j', (text) => {
    expect(isCalendarDate(text)).toBe(false);
    expect(() => parseCalendarDate(text)).toThrow(DeadlineInputError);
  });

  it('accepts 29 February only in leap years (2000 yes, 1900 and 2100 no)', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2100-02-29')).toBe(false);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2025-01-10', 180)).toBe('2025-07-09');
  });

  it('adds years, taking 29 February to 28 February in common years [U convention]', () => {
    expect(addYears('2008-02-29', 21)).toBe('2029-02-28');
    expect(addYears('2008-02-29', 16)).toBe('2024-02-29');
    expect(addYears('2008-05-17', 18)).toBe('2026-05-17');
    expect(addYears('2026-05-17', -18)).toBe('2008-05-17');
  });

  it('adding and removing days round-trips (property)', () => {
    const anyDay = fc.integer({ min: dayNumberFromParts(1900, 1, 1), max: dayNumberFromParts(2200, 12, 31) });
    fc.assert(
      fc.property(anyDay, fc.integer({ min: -1000, max: 1000 }), (day, days) => {
        const date = formatDayNumber(day);
        expect(addDays(addDays(date, days), -days)).toBe(date);
      }),
      { numRuns: 2000 },
    );
  });

  it('adding years keeps month and day unless the day does not exist (property)', () => {
    const anyDay = fc.integer({ min: dayNumberFromParts(1990, 1, 1), max: dayNumberFromParts(2040, 12, 31) });
    fc.assert(
      fc.property(anyDay, fc.integer({ min: -30, max: 30 }), (day, years) => {
        const before = partsFromDayNumber(day);
        const after = partsFromDayNumber(addYearsToDayNumber(day, years));
        expect(after.year).toBe(before.year + years);
        expect(after.month).toBe(before.month);
        const leapDayLost = before.month === 2 && before.day === 29 && after.day === 28;
        expect(after.day === before.day || leapDayLost).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
