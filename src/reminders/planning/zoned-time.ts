import { zoneOffsetMinutes } from '../../deadlines/engine/court-zone';

/** A calendar date with no time and no zone, written 'YYYY-MM-DD' (a deadline's due date, a hearing's day). */
export type CalendarDate = string;

/** A wall-clock time of day, written 'HH:MM' on a 24-hour clock (e.g. '08:00', '21:00'). */
export type ClockTime = string;

export interface WallClock {
  hours: number;
  minutes: number;
  seconds: number;
  milliseconds: number;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const MINUTE_MS = 60_000;
export const DAY_MINUTES = 24 * 60;

const knownZones = new Map<string, boolean>();

/**
 * True for a time-zone name the runtime knows (IANA, e.g. 'America/New_York').
 * Fixed offsets ('+02:00', 'Etc/GMT+5') are refused: nobody lives in one, and they silently ignore DST.
 */
export function isKnownTimeZone(zone: string): boolean {
  const cached = knownZones.get(zone);
  if (cached !== undefined) return cached;
  let known = zone.length > 0 && !/^[+-]/.test(zone) && !/^Etc\//i.test(zone);
  if (known) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
    } catch {
      known = false;
    }
  }
  knownZones.set(zone, known);
  return known;
}

export function assertTimeZone(zone: string, whose: string): void {
  if (!isKnownTimeZone(zone)) {
    throw new RangeError(`${whose}: "${zone}" is not an IANA time zone (expected e.g. "America/New_York")`);
  }
}

export function parseCalendarDate(date: CalendarDate): { year: number; month: number; day: number } {
  const match = CALENDAR_DATE.exec(date);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day) {
      return { year, month, day };
    }
  }
  throw new RangeError(`"${date}" is not a calendar date (expected YYYY-MM-DD)`);
}

export function isCalendarDate(date: string): boolean {
  try {
    parseCalendarDate(date);
    return true;
  } catch {
    return false;
  }
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

export function calendarDate(year: number, month: number, day: number): CalendarDate {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Calendar arithmetic on dates alone: no zone, so no DST surprises. */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  const { year, month, day } = parseCalendarDate(date);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return calendarDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: CalendarDate, to: CalendarDate): number {
  const a = parseCalendarDate(from);
  const b = parseCalendarDate(to);
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000,
  );
}

export function isClockTime(value: string): boolean {
  return CLOCK_TIME.test(value);
}

/** 'HH:MM' → minutes after midnight. */
export function clockTimeToMinutes(time: ClockTime): number {
  const match = CLOCK_TIME.exec(time);
  if (!match) throw new RangeError(`"${time}" is not a 24-hour time (expected HH:MM, e.g. "08:00")`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export function minutesToClockTime(minutes: number): ClockTime {
  const normalized = ((minutes % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return `${pad(Math.floor(normalized / 60))}:${pad(normalized % 60)}`;
}

export function wallClockFromMinutes(minutes: number): WallClock {
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60, seconds: 0, milliseconds: 0 };
}

/*
 * Offsets come from the deadline engine's per-zone table (Intl underneath, asked once per UTC midnight and once per
 * transition): planning 100,000 hearings asks for millions of local times, and Intl costs microseconds each.
 */
const offsetMs = (ms: number, zone: string): number => zoneOffsetMinutes(new Date(ms), zone) * MINUTE_MS;

/** The wall clock of `zone` at `instant`, as the UTC fields of a shifted Date. */
function inZone(instant: Date, zone: string): Date {
  const ms = instant.getTime();
  return new Date(ms + offsetMs(ms, zone));
}

/** The calendar date an instant falls on for someone living in `zone`. */
export function localDateOf(instant: Date, zone: string): CalendarDate {
  const local = inZone(instant, zone);
  return calendarDate(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
}

export function wallClockOf(instant: Date, zone: string): WallClock {
  const local = inZone(instant, zone);
  return {
    hours: local.getUTCHours(),
    minutes: local.getUTCMinutes(),
    seconds: local.getUTCSeconds(),
    milliseconds: local.getUTCMilliseconds(),
  };
}

/** Milliseconds since local midnight as shown on a wall clock in `zone` (what quiet hours are about). */
export function wallClockMsOf(instant: Date, zone: string): number {
  const clock = wallClockOf(instant, zone);
  return ((clock.hours * 60 + clock.minutes) * 60 + clock.seconds) * 1000 + clock.milliseconds;
}

/**
 * The instant a wall clock in `zone` shows `clock` on `date`.
 * DST: a time skipped by spring-forward moves later by the gap (02:30 → 03:30 EDT); a time repeated
 * by fall-back resolves to its first occurrence (01:30 EDT, not EST). Same rule as Temporal's 'compatible'.
 */
export function instantAtWallClock(date: CalendarDate, clock: WallClock, zone: string): Date {
  const { year, month, day } = parseCalendarDate(date);
  const wall = Date.UTC(year, month - 1, day, clock.hours, clock.minutes, clock.seconds, clock.milliseconds);
  // The offsets a day either side are the ones before and after any transition near this wall time.
  const before = offsetMs(wall - DAY_MINUTES * MINUTE_MS, zone);
  const after = offsetMs(wall + DAY_MINUTES * MINUTE_MS, zone);
  const withBefore = wall - before;
  const withAfter = wall - after;
  const beforeFits = offsetMs(withBefore, zone) === before;
  const afterFits = offsetMs(withAfter, zone) === after;
  if (beforeFits && afterFits) return new Date(Math.min(withBefore, withAfter)); // repeated hour: the first
  if (afterFits) return new Date(withAfter);
  return new Date(withBefore); // fits, or a skipped time: the offset before the gap moves it later
}

/** `date` at `time` ('HH:MM') in `zone`. */
export function instantAtClockTime(date: CalendarDate, time: ClockTime, zone: string): Date {
  return instantAtWallClock(date, wallClockFromMinutes(clockTimeToMinutes(time)), zone);
}
