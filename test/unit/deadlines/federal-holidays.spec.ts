import { FEDERAL_HOLIDAY_RULES, federalHolidays } from '../../../src/deadlines/engine';
import { dayNumberFromParts, formatDayNumber } from '../../../src/time';
import { isFederalHolidayDay } from '../../../src/deadlines/engine/federal-holidays';
import {
  referenceDate,
  referenceFederalHolidays,
  referenceIsFederalHoliday,
} from '../../support/deadline-reference';
import { readReferenceJson } from './fixtures';

const datesOf = (year: number): string[] => federalHolidays(year).map((holiday) => holiday.date);

/**
 * Published observed dates (OPM "Federal Holidays" pages; weekday checked by hand for every entry).
 * 2027 has 12 dates: besides the eleven in the task brief, New Year's Day 2028 falls on a Saturday and is
 * observed on Friday 31 December 2027 (as 2021-12-31 was for 2022).
 */
const PUBLISHED: Record<number, string[]> = {
  2024: [
    '2024-01-01', // Mon New Year's Day
    '2024-01-15', // Mon MLK
    '2024-02-19', // Mon Washington's Birthday
    '2024-05-27', // Mon Memorial Day
    '2024-06-19', // Wed Juneteenth
    '2024-07-04', // Thu Independence Day
    '2024-09-02', // Mon Labor Day
    '2024-10-14', // Mon Columbus Day
    '2024-11-11', // Mon Veterans Day
    '2024-11-28', // Thu Thanksgiving
    '2024-12-25', // Wed Christmas
  ],
  2025: [
    '2025-01-01', // Wed
    '2025-01-20', // Mon MLK (also Inauguration Day: not modelled, DC area only)
    '2025-02-17', // Mon
    '2025-05-26', // Mon
    '2025-06-19', // Thu
    '2025-07-04', // Fri
    '2025-09-01', // Mon
    '2025-10-13', // Mon
    '2025-11-11', // Tue
    '2025-11-27', // Thu
    '2025-12-25', // Thu
  ],
  2026: [
    '2026-01-01', // Thu
    '2026-01-19', // Mon
    '2026-02-16', // Mon
    '2026-05-25', // Mon
    '2026-06-19', // Fri
    '2026-07-03', // Fri, for Independence Day on Saturday
    '2026-09-07', // Mon
    '2026-10-12', // Mon
    '2026-11-11', // Wed
    '2026-11-26', // Thu
    '2026-12-25', // Fri
  ],
  2027: [
    '2027-01-01', // Fri
    '2027-01-18', // Mon
    '2027-02-15', // Mon
    '2027-05-31', // Mon
    '2027-06-18', // Fri, for Juneteenth on Saturday
    '2027-07-05', // Mon, for Independence Day on Sunday
    '2027-09-06', // Mon
    '2027-10-11', // Mon
    '2027-11-11', // Thu
    '2027-11-25', // Thu
    '2027-12-24', // Fri, for Christmas on Saturday
    '2027-12-31', // Fri, for New Year's Day 2028 on Saturday
  ],
};

describe('federal holidays', () => {
  it.each(Object.keys(PUBLISHED).map(Number))('match the published observed dates for %i', (year) => {
    expect(datesOf(year)).toEqual(PUBLISHED[year]);
  });

  it('observes New Year’s Day 2022 (a Saturday) on Friday 2021-12-31, in 2021’s list', () => {
    const newYear2022 = federalHolidays(2021).find((holiday) => holiday.date === '2021-12-31');
    expect(newYear2022).toEqual({
      date: '2021-12-31',
      actualDate: '2022-01-01',
      holidayId: 'new_years_day',
      name: "New Year's Day",
    });
    expect(datesOf(2022)).not.toContain('2022-01-01');
    expect(datesOf(2022).filter((date) => date.endsWith('-01-01') || date.endsWith('-12-31'))).toEqual([]);
    expect(datesOf(2028)[0]).toBe('2028-01-17');
  });

  it('has Juneteenth only from 2021 (first observed Friday 2021-06-18)', () => {
    expect(federalHolidays(2020).some((holiday) => holiday.holidayId === 'juneteenth')).toBe(false);
    expect(federalHolidays(2021).find((holiday) => holiday.holidayId === 'juneteenth')?.date).toBe(
      '2021-06-18',
    );
    expect(datesOf(2020)).toHaveLength(10);
  });

  it('mirrors the rules in data/reference/federal-holidays.json', () => {
    const data = readReferenceJson<{ holidays: Record<string, unknown>[] }>('federal-holidays.json');
    const strip = (rule: Record<string, unknown>): Record<string, unknown> => {
      const { note: _note, ...rest } = rule;
      return rest;
    };
    expect(FEDERAL_HOLIDAY_RULES.map((rule) => ({ ...rule }))).toEqual(data.holidays.map(strip));
  });

  it('equals the day-by-day reference for every year 1990–2100', () => {
    for (let year = 1990; year <= 2100; year++) {
      expect(datesOf(year)).toEqual(referenceFederalHolidays(year));
    }
  });

  it('agrees with the reference on every single day 1990–2100 (flag lookup)', () => {
    const first = dayNumberFromParts(1990, 1, 1);
    const last = dayNumberFromParts(2100, 12, 31);
    let holidays = 0;
    for (let day = first; day <= last; day++) {
      const expected = referenceIsFederalHoliday(referenceDate(formatDayNumber(day)));
      if (isFederalHolidayDay(day) !== expected) throw new Error(`disagree on ${formatDayNumber(day)}`);
      if (expected) holidays++;
    }
    expect(holidays).toBeGreaterThan(111 * 10);
  });

  it('never observes a holiday on a weekend, and observes it within a day of its date', () => {
    for (let year = 2000; year <= 2060; year++) {
      for (const holiday of federalHolidays(year)) {
        const observed = referenceDate(holiday.date);
        const actual = referenceDate(holiday.actualDate);
        expect([1, 2, 3, 4, 5]).toContain(observed.getUTCDay());
        expect(Math.abs(observed.getTime() - actual.getTime())).toBeLessThanOrEqual(86_400_000);
      }
    }
  });
});
