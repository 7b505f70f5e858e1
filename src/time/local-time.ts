import { TZDate, tzOffset } from '@date-fns/tz';
import { CalendarDate, MS_PER_DAY, calendarDateParts, isCalendarDate } from './calendar-date';
import { TimeInputError } from './time-input-error';
import { assertTimeZone, zoneOffsetMinutes } from './zones';

/**
 * Wall-clock times in a zone <-> instants. Pure functions, no Nest.
 *
 * A hearing notice says "9:00 AM" at a court; that is a local date and time in the court's IANA zone. Around a
 * DST change a wall-clock time can be missing (spring forward: 02:30 does not happen in New York on
 * 2026-03-08) or happen twice (fall back: 01:30 happens twice on 2026-11-01). `resolveLocalTime` says which;
 * `instantAtWallClock` picks one as Temporal's 'compatible' does (a skipped time moves later by the gap, a
 * repeated one takes its first occurrence).
 *
 * Offsets come from the per-zone table in zones.ts (Intl underneath, asked once per UTC midnight and once per
 * transition): planning 100,000 hearings asks for millions of local times, and Intl costs microseconds each.
 */

/** A wall-clock time of day, written 'HH:mm' on a 24-hour clock (e.g. '08:00', '21:00'). */
export type ClockTime = string;

export interface WallClock {
  hours: number;
  minutes: number;
  seconds: number;
  milliseconds: number;
}

export type LocalTimeResolution =
  | { readonly kind: 'exact'; readonly instant: Date }
  /** The wall-clock time happens twice: `earlier` in the offset before the change, `later` after it. */
  | { readonly kind: 'ambiguous'; readonly earlier: Date; readonly later: Date }
  /** The wall-clock time is skipped by a forward change. */
  | { readonly kind: 'nonexistent' };

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const MINUTE_MS = 60_000;
export const DAY_MINUTES = 24 * 60;

const pad = (n: number) => String(n).padStart(2, '0');

export function isClockTime(value: string): boolean {
  return CLOCK_TIME.test(value);
}

/** 'HH:mm' → minutes after midnight. */
export function clockTimeToMinutes(time: ClockTime): number {
  const match = CLOCK_TIME.exec(time);
  if (!match) throw new TimeInputError(`"${time}" is not a 24-hour time (expected HH:MM, e.g. "08:00")`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export function minutesToClockTime(minutes: number): ClockTime {
  const normalized = ((minutes % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return `${pad(Math.floor(normalized / 60))}:${pad(normalized % 60)}`;
}

export function wallClockFromMinutes(minutes: number): WallClock {
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60, seconds: 0, milliseconds: 0 };
}

const offsetMs = (ms: number, zone: string): number => zoneOffsetMinutes(new Date(ms), zone) * MINUTE_MS;

export function wallClockOf(instant: Date, zone: string): WallClock {
  const ms = instant.getTime();
  // The wall clock of `zone` at `instant`, as the UTC fields of a shifted Date.
  const local = new Date(ms + offsetMs(ms, zone));
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
 * The candidates for the instant a wall clock in `zone` shows `wall` (the reading as if it were UTC, in ms):
 * the reading minus the offset a day before, and minus the offset a day after. A zone changes its offset at most
 * once around any wall time, so these are the offsets before and after any transition near it; a candidate
 * "fits" when the zone really has that offset at that instant.
 */
function wallCandidates(wall: number, zone: string) {
  const withBefore = wall - offsetMs(wall - MS_PER_DAY, zone);
  const withAfter = wall - offsetMs(wall + MS_PER_DAY, zone);
  return {
    withBefore,
    withAfter,
    beforeFits: offsetMs(withBefore, zone) === wall - withBefore,
    afterFits: offsetMs(withAfter, zone) === wall - withAfter,
  };
}

function wallMsOf(date: CalendarDate, clock: WallClock): number {
  const { year, month, day } = calendarDateParts(date);
  return Date.UTC(year, month - 1, day, clock.hours, clock.minutes, clock.seconds, clock.milliseconds);
}

/**
 * The instant(s) at which the wall clock in `timeZone` shows `date` ('YYYY-MM-DD') `time` ('HH:mm').
 * Throws a RangeError (TimeInputError) for a malformed or impossible date or time (2026-02-30, 24:00), or an
 * unknown zone.
 */
export function resolveLocalTime(date: string, time: string, timeZone: string): LocalTimeResolution {
  if (!isCalendarDate(date)) throw new TimeInputError(`${date} is not a calendar date`);
  if (!isClockTime(time)) throw new TimeInputError(`${time} is not a time of day (HH:mm)`);
  assertTimeZone(timeZone);
  const wall = wallMsOf(date, wallClockFromMinutes(clockTimeToMinutes(time)));
  const { withBefore, withAfter, beforeFits, afterFits } = wallCandidates(wall, timeZone);
  const fits = [...new Set([...(beforeFits ? [withBefore] : []), ...(afterFits ? [withAfter] : [])])].sort(
    (a, b) => a - b,
  );
  if (fits.length === 0) return { kind: 'nonexistent' };
  if (fits.length === 1) return { kind: 'exact', instant: new Date(fits[0]) };
  return { kind: 'ambiguous', earlier: new Date(fits[0]), later: new Date(fits[1]) };
}

/**
 * The instant a wall clock in `zone` shows `clock` on `date`.
 * DST: a time skipped by spring-forward moves later by the gap (02:30 → 03:30 EDT); a time repeated
 * by fall-back resolves to its first occurrence (01:30 EDT, not EST). Same rule as Temporal's 'compatible'.
 */
export function instantAtWallClock(date: CalendarDate, clock: WallClock, zone: string): Date {
  const { withBefore, withAfter, beforeFits, afterFits } = wallCandidates(wallMsOf(date, clock), zone);
  if (beforeFits && afterFits) return new Date(Math.min(withBefore, withAfter)); // repeated hour: the first
  if (afterFits) return new Date(withAfter);
  return new Date(withBefore); // fits, or a skipped time: the offset before the gap moves it later
}

/** `date` at `time` ('HH:mm') in `zone`. */
export function instantAtClockTime(date: CalendarDate, time: ClockTime, zone: string): Date {
  return instantAtWallClock(date, wallClockFromMinutes(clockTimeToMinutes(time)), zone);
}

/** An instant as shown at a court: what every hearing view carries beside `startsAt`. */
export interface LocalTimeView {
  /** 'YYYY-MM-DD' at the court. */
  readonly date: string;
  /** 'HH:mm' (24-hour) at the court. */
  readonly time: string;
  /** IANA zone, e.g. 'America/New_York'. */
  readonly timeZone: string;
  /** e.g. 'Eastern Time', 'Hawaii-Aleutian Standard Time'. */
  readonly zoneName: string;
  /** e.g. 'EST', 'EDT', 'HST', 'ChST'. */
  readonly abbreviation: string;
  /** e.g. '-05:00'. */
  readonly utcOffset: string;
  /** e.g. 'Tue, Mar 3, 2026, 9:00 AM EST'. */
  readonly display: string;
}

/** Abbreviations Intl (en-US) leaves as 'GMT+10'. */
const ABBREVIATIONS: Readonly<Record<string, string>> = { 'Pacific/Guam': 'ChST', 'Pacific/Saipan': 'ChST' };

export function formatUtcOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const formatters = new Map<string, { display: Intl.DateTimeFormat; generic: Intl.DateTimeFormat }>();

function formattersFor(timeZone: string) {
  let found = formatters.get(timeZone);
  if (!found) {
    found = {
      display: new Intl.DateTimeFormat('en-US', {
        timeZone,
        weekday: 'short',
        month: 'short',
        day: 'numeric',
        year: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZoneName: 'short',
      }),
      generic: new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longGeneric' }),
    };
    formatters.set(timeZone, found);
  }
  return found;
}

/** ICU puts narrow no-break spaces before AM/PM; plain spaces are easier on clients and tests. */
const plainSpaces = (text: string) => text.replace(/[\u202f\u2009\u00a0]/g, ' ');

export function describeInstant(instant: Date, timeZone: string): LocalTimeView {
  const local = new TZDate(instant.getTime(), timeZone);
  const { display, generic } = formattersFor(timeZone);
  const parts = display.formatToParts(instant);
  const intlAbbreviation = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
  const abbreviation = /^GMT/.test(intlAbbreviation)
    ? (ABBREVIATIONS[timeZone] ?? intlAbbreviation)
    : intlAbbreviation;
  const text = parts.map((p) => (p.type === 'timeZoneName' ? abbreviation : p.value)).join('');
  return {
    date: `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`,
    time: `${pad(local.getHours())}:${pad(local.getMinutes())}`,
    timeZone,
    zoneName: generic.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? timeZone,
    abbreviation,
    utcOffset: formatUtcOffset(tzOffset(timeZone, instant)),
    display: plainSpaces(text),
  };
}

/** Noon at the court on a calendar date: an instant that is that date in the zone whatever DST does. */
export function noonAt(date: string, timeZone: string): Date {
  const resolved = resolveLocalTime(date, '12:00', timeZone);
  if (resolved.kind === 'exact') return resolved.instant;
  if (resolved.kind === 'ambiguous') return resolved.earlier;
  // No zone skips noon, but a calendar date must still map somewhere on that day.
  const later = resolveLocalTime(date, '13:00', timeZone);
  if (later.kind === 'nonexistent') throw new RangeError(`no noon on ${date} in ${timeZone}`);
  return later.kind === 'exact' ? later.instant : later.earlier;
}

const shortFormatters = new Map<string, Intl.DateTimeFormat>();

/** 'Mar 3, 2026, 9:00 AM EST': an instant on the wall clock of `zone`, short, for staff-facing text. */
export function shortDateTimeIn(at: Date, zone: string): string {
  let format = shortFormatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    shortFormatters.set(zone, format);
  }
  return format.format(at);
}
