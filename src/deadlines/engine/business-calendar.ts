import {
  CalendarDate,
  DayNumber,
  WEEKDAY_NAMES,
  dayOfWeek,
  formatDayNumber,
  parseCalendarDate,
} from '../../time';
import { DeadlineInputError } from './deadline-input-error';
import { federalHolidayOn, isFederalHolidayDay } from './federal-holidays';

/**
 * A business day is neither a Saturday, a Sunday, an observed federal holiday, nor a closure date given
 * for this calendar (a court's ad hoc closures: weather, emergencies, executive-order days off).
 *
 * [U] That EOIR treats ad hoc court closures like legal holidays for deadlines is not verified
 * (deadline-rules.md §0); closures are applied because the court cannot receive a filing that day.
 */

/** A roll looks at most this far; beyond it the closure list is surely wrong (a court shut for a year). */
const MAX_ROLL_DAYS = 366;

export class BusinessCalendar {
  /** Federal holidays and weekends only: for filings that are not made at an immigration court. */
  static readonly federal = new BusinessCalendar();

  private readonly closureDays: ReadonlySet<DayNumber>;
  /** The closure dates, sorted and without duplicates. */
  readonly closures: readonly CalendarDate[];

  constructor(closures: Iterable<CalendarDate> = []) {
    const days = new Set<DayNumber>();
    for (const closure of closures) days.add(parseCalendarDate(closure));
    this.closureDays = days;
    this.closures = [...days].sort((a, b) => a - b).map(formatDayNumber);
  }

  // Day-number forms: used on the engine's hot path.

  isBusinessDayNumber(day: DayNumber): boolean {
    const weekday = dayOfWeek(day);
    if (weekday === 0 || weekday === 6) return false;
    if (isFederalHolidayDay(day)) return false;
    return this.closureDays.size === 0 || !this.closureDays.has(day);
  }

  /** `day` itself if it is a business day, else the first business day after it. */
  onOrAfterDayNumber(day: DayNumber): DayNumber {
    for (let candidate = day; candidate <= day + MAX_ROLL_DAYS; candidate++) {
      if (this.isBusinessDayNumber(candidate)) return candidate;
    }
    throw new DeadlineInputError(
      `no business day within ${MAX_ROLL_DAYS} days after ${formatDayNumber(day)}`,
    );
  }

  /** `day` itself if it is a business day, else the last business day before it. */
  onOrBeforeDayNumber(day: DayNumber): DayNumber {
    for (let candidate = day; candidate >= day - MAX_ROLL_DAYS; candidate--) {
      if (this.isBusinessDayNumber(candidate)) return candidate;
    }
    throw new DeadlineInputError(
      `no business day within ${MAX_ROLL_DAYS} days before ${formatDayNumber(day)}`,
    );
  }

  /** Why `day` is not a business day ('Saturday', 'Independence Day (observed)', 'court closure'), or null. */
  nonBusinessReasonForDayNumber(day: DayNumber): string | null {
    const weekday = dayOfWeek(day);
    if (weekday === 0 || weekday === 6) return WEEKDAY_NAMES[weekday];
    const holiday = federalHolidayOn(day);
    if (holiday) return holiday.date === holiday.actualDate ? holiday.name : `${holiday.name} (observed)`;
    if (this.closureDays.has(day)) return 'court closure';
    return null;
  }

  // Calendar-date forms: the public, readable API.

  isBusinessDay(date: CalendarDate): boolean {
    return this.isBusinessDayNumber(parseCalendarDate(date));
  }

  businessDayOnOrAfter(date: CalendarDate): CalendarDate {
    return formatDayNumber(this.onOrAfterDayNumber(parseCalendarDate(date)));
  }

  businessDayOnOrBefore(date: CalendarDate): CalendarDate {
    return formatDayNumber(this.onOrBeforeDayNumber(parseCalendarDate(date)));
  }

  /** The first business day strictly after `date`. */
  nextBusinessDay(date: CalendarDate): CalendarDate {
    return formatDayNumber(this.onOrAfterDayNumber(parseCalendarDate(date) + 1));
  }

  /** The last business day strictly before `date`. */
  previousBusinessDay(date: CalendarDate): CalendarDate {
    return formatDayNumber(this.onOrBeforeDayNumber(parseCalendarDate(date) - 1));
  }

  nonBusinessReason(date: CalendarDate): string | null {
    return this.nonBusinessReasonForDayNumber(parseCalendarDate(date));
  }
}

const calendarsByClosures = new Map<string, BusinessCalendar>();
const MAX_CACHED_CALENDARS = 1024;

/**
 * A calendar for a court's closure list, shared between calls with the same list (courts are few, and a
 * recomputation of many cases of one court then builds it once).
 */
export function businessCalendarFor(closures: readonly CalendarDate[] | undefined): BusinessCalendar {
  if (!closures || closures.length === 0) return BusinessCalendar.federal;
  const key = closures.join(',');
  let calendar = calendarsByClosures.get(key);
  if (!calendar) {
    calendar = new BusinessCalendar(closures);
    // A crude bound: callers with ever-changing lists must not grow this without limit.
    if (calendarsByClosures.size >= MAX_CACHED_CALENDARS) calendarsByClosures.clear();
    calendarsByClosures.set(key, calendar);
  }
  return calendar;
}
