import { TZDate, tzOffset } from '@date-fns/tz';
import { isCalendarDate } from '../common/calendar-date';

/**
 * Wall-clock times at a court <-> instants. Pure functions over @date-fns/tz (Intl underneath), no Nest.
 *
 * A hearing notice says "9:00 AM" at a court; that is a local date and time in the court's IANA zone. Around a
 * DST change a wall-clock time can be missing (spring forward: 02:30 does not happen in New York on
 * 2026-03-08) or happen twice (fall back: 01:30 happens twice on 2026-11-01). `resolveLocalTime` says which.
 */

export type LocalTimeResolution =
  | { readonly kind: 'exact'; readonly instant: Date }
  /** The wall-clock time happens twice: `earlier` in the offset before the change, `later` after it. */
  | { readonly kind: 'ambiguous'; readonly earlier: Date; readonly later: Date }
  /** The wall-clock time is skipped by a forward change. */
  | { readonly kind: 'nonexistent' };

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

export function isLocalTime(value: string): boolean {
  return LOCAL_TIME.test(value);
}

/** Throws RangeError unless Intl knows the zone (tzOffset alone reads an offset out of strings like '+05'). */
export function assertKnownZone(timeZone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone });
  if (Number.isNaN(tzOffset(timeZone, new Date(0)))) throw new RangeError(`unknown time zone ${timeZone}`);
}

/**
 * The instant(s) at which the wall clock in `timeZone` shows `date` ('YYYY-MM-DD') `time` ('HH:mm').
 * Throws RangeError for a malformed or impossible date or time (2026-02-30, 24:00).
 */
export function resolveLocalTime(date: string, time: string, timeZone: string): LocalTimeResolution {
  if (!isCalendarDate(date)) throw new RangeError(`${date} is not a calendar date`);
  const match = LOCAL_TIME.exec(time);
  if (!match) throw new RangeError(`${time} is not a time of day (HH:mm)`);
  assertKnownZone(timeZone);
  const [year, month, day] = date.split('-').map(Number);
  // The wall-clock reading as if it were UTC; the instant is this minus the zone's offset at that instant.
  const wallMs = Date.UTC(year, month - 1, day, Number(match[1]), Number(match[2]));
  // A zone changes its offset at most a few times a year: the offsets a day either side cover every candidate.
  const offsets = new Set(
    [wallMs - MS_PER_DAY, wallMs, wallMs + MS_PER_DAY].map((ms) => tzOffset(timeZone, new Date(ms))),
  );
  const instants = [...offsets]
    .map((offset) => wallMs - offset * MS_PER_MINUTE)
    .filter((ms) => tzOffset(timeZone, new Date(ms)) * MS_PER_MINUTE === wallMs - ms)
    .sort((a, b) => a - b);
  const unique = [...new Set(instants)];
  if (unique.length === 0) return { kind: 'nonexistent' };
  if (unique.length === 1) return { kind: 'exact', instant: new Date(unique[0]) };
  return { kind: 'ambiguous', earlier: new Date(unique[0]), later: new Date(unique[unique.length - 1]) };
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

const pad = (n: number) => String(n).padStart(2, '0');

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

/** Instants with their offset: one parser for every request field (src/common/instant.ts). */
export { parseIsoInstant } from '../common/instant';

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

/** Today's calendar date at the court. */
export function todayAt(timeZone: string, now: Date): string {
  return describeInstant(now, timeZone).date;
}
