import {
  CalendarDate,
  DayNumber,
  dayNumberFromParts,
  dayOfWeek,
  daysInMonth,
  formatDayNumber,
  yearOfDayNumber,
} from '../../time';

/**
 * Legal public holidays under 5 U.S.C. 6103(a), with the weekend observance used by federal courts and OPM
 * (Saturday -> preceding Friday, Sunday -> following Monday).
 *
 * The rules mirror data/reference/federal-holidays.json (a unit test keeps the two equal). They are the
 * holidays in force since 2021, when Juneteenth was added; earlier history (e.g. MLK Day before 1986) is not
 * modelled. Inauguration Day (5 U.S.C. 6103(c), DC area only) and ad hoc closures (e.g. an executive order
 * closing offices on Christmas Eve) are court closures, passed per court.
 */

export type HolidayWeekday = 'SUN' | 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT';

interface HolidayRuleBase {
  readonly id: string;
  readonly name: string;
  readonly month: number;
  /** First year the holiday exists (Juneteenth: 2021, Pub. L. 117-17). */
  readonly firstYear?: number;
}

export type FederalHolidayRule =
  | (HolidayRuleBase & { readonly type: 'fixedDate'; readonly day: number })
  | (HolidayRuleBase & { readonly type: 'nthWeekday'; readonly weekday: HolidayWeekday; readonly n: number })
  | (HolidayRuleBase & { readonly type: 'lastWeekday'; readonly weekday: HolidayWeekday });

export const FEDERAL_HOLIDAY_RULES: readonly FederalHolidayRule[] = [
  { id: 'new_years_day', name: "New Year's Day", type: 'fixedDate', month: 1, day: 1 },
  {
    id: 'mlk_birthday',
    name: 'Birthday of Martin Luther King, Jr.',
    type: 'nthWeekday',
    month: 1,
    weekday: 'MON',
    n: 3,
  },
  {
    id: 'washingtons_birthday',
    name: "Washington's Birthday",
    type: 'nthWeekday',
    month: 2,
    weekday: 'MON',
    n: 3,
  },
  { id: 'memorial_day', name: 'Memorial Day', type: 'lastWeekday', month: 5, weekday: 'MON' },
  {
    id: 'juneteenth',
    name: 'Juneteenth National Independence Day',
    type: 'fixedDate',
    month: 6,
    day: 19,
    firstYear: 2021,
  },
  { id: 'independence_day', name: 'Independence Day', type: 'fixedDate', month: 7, day: 4 },
  { id: 'labor_day', name: 'Labor Day', type: 'nthWeekday', month: 9, weekday: 'MON', n: 1 },
  { id: 'columbus_day', name: 'Columbus Day', type: 'nthWeekday', month: 10, weekday: 'MON', n: 2 },
  { id: 'veterans_day', name: 'Veterans Day', type: 'fixedDate', month: 11, day: 11 },
  { id: 'thanksgiving', name: 'Thanksgiving Day', type: 'nthWeekday', month: 11, weekday: 'THU', n: 4 },
  { id: 'christmas', name: 'Christmas Day', type: 'fixedDate', month: 12, day: 25 },
];

const WEEKDAY_INDEX: Readonly<Record<HolidayWeekday, number>> = {
  SUN: 0,
  MON: 1,
  TUE: 2,
  WED: 3,
  THU: 4,
  FRI: 5,
  SAT: 6,
};

export interface ObservedHoliday {
  /** The day offices are closed. */
  readonly date: CalendarDate;
  /** The statutory date; differs from `date` when it fell on a weekend. */
  readonly actualDate: CalendarDate;
  readonly holidayId: string;
  readonly name: string;
}

function actualDayOf(rule: FederalHolidayRule, year: number): DayNumber {
  switch (rule.type) {
    case 'fixedDate':
      return dayNumberFromParts(year, rule.month, rule.day);
    case 'nthWeekday': {
      const first = dayNumberFromParts(year, rule.month, 1);
      const untilWeekday = (WEEKDAY_INDEX[rule.weekday] - dayOfWeek(first) + 7) % 7;
      return first + untilWeekday + 7 * (rule.n - 1);
    }
    case 'lastWeekday': {
      const last = dayNumberFromParts(year, rule.month, daysInMonth(year, rule.month));
      return last - ((dayOfWeek(last) - WEEKDAY_INDEX[rule.weekday] + 7) % 7);
    }
  }
}

/** Weekend observance. Only fixed-date holidays can fall on a weekend; the others always land on their weekday. */
function observedDayOf(actual: DayNumber): DayNumber {
  const weekday = dayOfWeek(actual);
  if (weekday === 6) return actual - 1;
  if (weekday === 0) return actual + 1;
  return actual;
}

const holidaysByYear = new Map<number, readonly ObservedHoliday[]>();

/**
 * The observed federal holidays whose observed date falls in `year`, in date order. Cached per year.
 *
 * New Year's Day is the edge case: when 1 January of `year + 1` is a Saturday it is observed on Friday
 * 31 December of `year` (e.g. 2021-12-31 for 2022, 2027-12-31 for 2028), and a year whose 1 January is a
 * Saturday has no New Year's Day of its own (2022, 2028).
 */
export function federalHolidays(year: number): readonly ObservedHoliday[] {
  const cached = holidaysByYear.get(year);
  if (cached) return cached;
  const holidays: { day: DayNumber; holiday: ObservedHoliday }[] = [];
  // Only 1 January of the next year can be observed in this one, but checking every rule keeps this honest.
  for (const ruleYear of [year, year + 1]) {
    for (const rule of FEDERAL_HOLIDAY_RULES) {
      if (rule.firstYear !== undefined && ruleYear < rule.firstYear) continue;
      const actual = actualDayOf(rule, ruleYear);
      const observed = observedDayOf(actual);
      if (yearOfDayNumber(observed) !== year) continue;
      holidays.push({
        day: observed,
        holiday: {
          date: formatDayNumber(observed),
          actualDate: formatDayNumber(actual),
          holidayId: rule.id,
          name: rule.name,
        },
      });
    }
  }
  holidays.sort((a, b) => a.day - b.day);
  const result = Object.freeze(holidays.map((entry) => Object.freeze(entry.holiday)));
  holidaysByYear.set(year, result);
  return result;
}

// Lookup by day number on the hot path: one flag array per block of 512 days, filled on first use.
const BLOCK_SHIFT = 9;
const BLOCK_SIZE = 1 << BLOCK_SHIFT;
const holidayFlagBlocks = new Map<number, Uint8Array>();

function holidayFlagBlock(block: number): Uint8Array {
  let flags = holidayFlagBlocks.get(block);
  if (flags) return flags;
  flags = new Uint8Array(BLOCK_SIZE);
  const firstDay = block * BLOCK_SIZE;
  const lastDay = firstDay + BLOCK_SIZE - 1;
  for (let year = yearOfDayNumber(firstDay); year <= yearOfDayNumber(lastDay); year++) {
    for (const holiday of federalHolidays(year)) {
      const [y, m, d] = holiday.date.split('-').map(Number);
      const day = dayNumberFromParts(y, m, d);
      if (day >= firstDay && day <= lastDay) flags[day - firstDay] = 1;
    }
  }
  holidayFlagBlocks.set(block, flags);
  return flags;
}

let lastBlock = Number.NaN;
let lastFlags: Uint8Array = new Uint8Array(BLOCK_SIZE);

/** True when `day` is an observed federal holiday (weekends are not holidays here). */
export function isFederalHolidayDay(day: DayNumber): boolean {
  const block = Math.floor(day / BLOCK_SIZE);
  if (block !== lastBlock) {
    lastFlags = holidayFlagBlock(block);
    lastBlock = block;
  }
  return lastFlags[day - block * BLOCK_SIZE] === 1;
}

/** The observed holiday on `day`, if any (for explanations). */
export function federalHolidayOn(day: DayNumber): ObservedHoliday | undefined {
  if (!isFederalHolidayDay(day)) return undefined;
  const date = formatDayNumber(day);
  return federalHolidays(yearOfDayNumber(day)).find((holiday) => holiday.date === date);
}
