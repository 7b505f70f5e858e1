import { TimeInputError } from './time-input-error';

/**
 * Calendar dates without a time or a zone ('YYYY-MM-DD'), and their integer form. The one definition of a
 * calendar date for the whole application: request fields, intake, the deadline engine and reminders.
 *
 * Legal dates are whole days. Arithmetic runs on day numbers (days since 1970-01-01) because integers cannot
 * drift across DST changes and are cheap to compare. A zone only matters when an instant becomes a date; that
 * happens in zones.ts.
 */

/** The last calendar date this module knows: it has no day after. */
export const LAST_CALENDAR_DATE = '9999-12-31';

/** A calendar date as 'YYYY-MM-DD' (ISO 8601, years 1000–9999). */
export type CalendarDate = string;

/** Days since 1970-01-01 (that day is 0). Plain integers, so `day + 1` is tomorrow. */
export type DayNumber = number;

/** 0 = Sunday … 6 = Saturday, as in `Date.prototype.getUTCDay`. */
export type DayOfWeek = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const MS_PER_DAY = 86_400_000;

const WEEKDAY_SHORT_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

// Civil-date <-> day-number conversion after Howard Hinnant's "chrono-compatible low-level date algorithms"
// (proleptic Gregorian calendar, 400-year eras); exact for every year, no loops.

/** Day number of a proleptic Gregorian date (month 1–12). Out-of-range days are not checked here. */
export function dayNumberFromParts(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function partsFromDayNumber(dayNumber: DayNumber): DateParts {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function yearOfDayNumber(dayNumber: DayNumber): number {
  return partsFromDayNumber(dayNumber).year;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function dayOfWeek(dayNumber: DayNumber): DayOfWeek {
  // 1970-01-01 was a Thursday (4); the double modulo keeps days before 1970 non-negative.
  return ((((dayNumber + 4) % 7) + 7) % 7) as DayOfWeek;
}

export function isWeekend(dayNumber: DayNumber): boolean {
  const weekday = dayOfWeek(dayNumber);
  return weekday === 0 || weekday === 6;
}

const DIGIT_ZERO = 48;

function digitAt(text: string, index: number): number {
  const digit = text.charCodeAt(index) - DIGIT_ZERO;
  return digit >= 0 && digit <= 9 ? digit : -1;
}

/** Parses 'YYYY-MM-DD' strictly (no time, no zone, real day of month); throws TimeInputError otherwise. */
export function parseCalendarDate(text: CalendarDate): DayNumber {
  const day = tryParseCalendarDate(text);
  if (day === null) throw new TimeInputError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(text)}`);
  return day;
}

/** Year, month (1–12) and day of a calendar date; throws TimeInputError for anything else. */
export function calendarDateParts(text: CalendarDate): DateParts {
  return partsFromDayNumber(parseCalendarDate(text));
}

export function tryParseCalendarDate(text: unknown): DayNumber | null {
  if (typeof text !== 'string' || text.length !== 10 || text[4] !== '-' || text[7] !== '-') return null;
  const y1 = digitAt(text, 0);
  const y2 = digitAt(text, 1);
  const y3 = digitAt(text, 2);
  const y4 = digitAt(text, 3);
  const m1 = digitAt(text, 5);
  const m2 = digitAt(text, 6);
  const d1 = digitAt(text, 8);
  const d2 = digitAt(text, 9);
  if ((y1 | y2 | y3 | y4 | m1 | m2 | d1 | d2) < 0) return null;
  const year = y1 * 1000 + y2 * 100 + y3 * 10 + y4;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return dayNumberFromParts(year, month, day);
}

export function isCalendarDate(text: unknown): text is CalendarDate {
  return tryParseCalendarDate(text) !== null;
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : `${value}`;
}

function formatUncached(dayNumber: DayNumber): CalendarDate {
  const { year, month, day } = partsFromDayNumber(dayNumber);
  if (year < 1000 || year > 9999) throw new RangeError(`year ${year} is outside 1000–9999`);
  return `${year}-${twoDigits(month)}-${twoDigits(day)}`;
}

// Deadlines cluster on a few thousand days, so each day's strings are built once and shared (less garbage).
const CACHE_BLOCK = 512;
const formattedBlocks = new Map<number, CalendarDate[]>();
const describedBlocks = new Map<number, string[]>();

function cachedString(
  blocks: Map<number, string[]>,
  dayNumber: DayNumber,
  make: (day: DayNumber) => string,
): string {
  const block = Math.floor(dayNumber / CACHE_BLOCK);
  let strings = blocks.get(block);
  if (!strings) {
    strings = new Array<string>(CACHE_BLOCK);
    blocks.set(block, strings);
  }
  const index = dayNumber - block * CACHE_BLOCK;
  return (strings[index] ??= make(dayNumber));
}

export function formatDayNumber(dayNumber: DayNumber): CalendarDate {
  return cachedString(formattedBlocks, dayNumber, formatUncached);
}

/** 'Mon 2025-03-10': the form used in explanations, so a reader sees why a date rolled. */
export function describeDayNumber(dayNumber: DayNumber): string {
  return cachedString(
    describedBlocks,
    dayNumber,
    (day) => `${WEEKDAY_SHORT_NAMES[dayOfWeek(day)]} ${formatDayNumber(day)}`,
  );
}

/** Calendar arithmetic on dates alone: no zone, so no DST surprises. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  if (!Number.isInteger(days)) throw new TimeInputError(`days must be a whole number, got ${days}`);
  return formatDayNumber(parseCalendarDate(date) + days);
}

export function dayOfWeekOf(date: CalendarDate): DayOfWeek {
  return dayOfWeek(parseCalendarDate(date));
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return parseCalendarDate(to) - parseCalendarDate(from);
}

/**
 * The same month and day `years` later (or earlier, if negative). A 29 February lands on 28 February in a
 * common year.
 *
 * [U] Assumption: for a child born on 29 February, a birthday in a common year is taken as 28 February, the
 * earlier of the two readings (the other is 1 March), so an age-based deadline can only come early, never
 * late. date-fns `addYears` makes the same choice.
 */
export function addYearsToDayNumber(dayNumber: DayNumber, years: number): DayNumber {
  const { year, month, day } = partsFromDayNumber(dayNumber);
  const targetYear = year + years;
  return dayNumberFromParts(targetYear, month, Math.min(day, daysInMonth(targetYear, month)));
}

export function addYears(date: CalendarDate, years: number): CalendarDate {
  if (!Number.isInteger(years)) throw new TimeInputError(`years must be a whole number, got ${years}`);
  return formatDayNumber(addYearsToDayNumber(parseCalendarDate(date), years));
}

/** Whole years from `birth` to `on` (both YYYY-MM-DD): the age a person has on that day. */
export function ageOn(birth: CalendarDate, on: CalendarDate): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [oy, om, od] = on.split('-').map(Number);
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}
