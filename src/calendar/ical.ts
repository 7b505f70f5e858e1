import { tzOffset, tzScan } from '@date-fns/tz';
import { spreadsheetSafeLines } from '../common/spreadsheet-safe';
import {
  addDays,
  calendarDateParts,
  describeInstant,
  formatUtcOffset,
  localDateOf,
  resolveLocalTime,
  wallClockOf,
} from '../time';

/**
 * A small RFC 5545 writer for subscription feeds. The `ics` package writes only UTC or floating times; a
 * hearing belongs to its court's zone, so events here carry `DTSTART;TZID=<IANA zone>` with a VTIMEZONE built
 * from the zone's actual offset changes (@date-fns/tz `tzScan`) over the years the feed spans. A local time
 * that happens twice (fall back) is written in UTC: RFC 5545 §3.3.5 says a repeated TZID time means its first
 * occurrence, but parsers disagree (node-ical takes the second), and UTC means one instant everywhere.
 */

export type IcsStart =
  | {
      readonly kind: 'zoned';
      readonly instant: Date;
      readonly timeZone: string;
      readonly durationMinutes: number;
    }
  /** An all-day event on a calendar date ('YYYY-MM-DD'). */
  | { readonly kind: 'date'; readonly date: string };

export interface IcsEvent {
  readonly uid: string;
  readonly sequence: number;
  readonly status: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
  readonly summary: string;
  readonly description?: string;
  readonly location?: string;
  readonly url?: string;
  readonly categories?: readonly string[];
  readonly lastModified?: Date;
  readonly start: IcsStart;
}

export interface IcsCalendar {
  readonly name: string;
  readonly description?: string;
  readonly now: Date;
  readonly events: readonly IcsEvent[];
  /** How often clients should refresh (minutes). */
  readonly refreshMinutes?: number;
}

const PRODUCT_ID = '-//Amparo//Hearings and deadlines//EN';

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 sequence. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  let limit = 75;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > limit) {
      parts.push(current);
      current = '';
      bytes = 0;
      limit = 74; // continuation lines start with a space
    }
    current += char;
    bytes += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/**
 * A TEXT property's value: names and notes come from people and imports as typed, and calendar apps export
 * events to spreadsheets, so every line is neutralized against formulas (src/common/spreadsheet-safe.ts).
 */
function textValue(value: string): string {
  return escapeText(spreadsheetSafeLines(value));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 'YYYYMMDDTHHMMSSZ' */
export function formatUtc(instant: Date): string {
  return (
    `${instant.getUTCFullYear()}${pad(instant.getUTCMonth() + 1)}${pad(instant.getUTCDate())}T` +
    `${pad(instant.getUTCHours())}${pad(instant.getUTCMinutes())}${pad(instant.getUTCSeconds())}Z`
  );
}

/** 'YYYYMMDDTHHMMSS' as the wall clock reads in `timeZone`. */
export function formatLocal(instant: Date, timeZone: string): string {
  const clock = wallClockOf(instant, timeZone);
  return `${compactDate(localDateOf(instant, timeZone))}T${pad(clock.hours)}${pad(clock.minutes)}${pad(clock.seconds)}`;
}

function formatWallClock(wallMs: number): string {
  return formatUtc(new Date(wallMs)).slice(0, 15);
}

/** True when the wall-clock reading of `instant` in the zone names two instants (the fall-back hour). */
function isAmbiguousLocal(instant: Date, timeZone: string): boolean {
  const local = describeInstant(instant, timeZone);
  return resolveLocalTime(local.date, local.time, timeZone).kind === 'ambiguous';
}

function offsetText(minutes: number): string {
  return formatUtcOffset(minutes).replace(':', '');
}

/** A VTIMEZONE with every offset change of the zone from `fromYear` through `toYear` (explicit, no RRULE). */
export function vtimezone(timeZone: string, fromYear: number, toYear: number): string[] {
  const start = new Date(Date.UTC(fromYear, 0, 1));
  const end = new Date(Date.UTC(toYear + 1, 0, 1));
  const changes = tzScan(timeZone, { start, end });
  const initial = tzOffset(timeZone, start);
  const inDaylightAtStart = changes.some((c) => c.offset < initial);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`, `X-LIC-LOCATION:${timeZone}`];
  const observance = (kind: 'STANDARD' | 'DAYLIGHT', wallMs: number, from: number, to: number, at: Date) =>
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${formatWallClock(wallMs)}`,
      `TZOFFSETFROM:${offsetText(from)}`,
      `TZOFFSETTO:${offsetText(to)}`,
      `TZNAME:${describeInstant(at, timeZone).abbreviation}`,
      `END:${kind}`,
    );
  observance(
    inDaylightAtStart ? 'DAYLIGHT' : 'STANDARD',
    start.getTime() + initial * 60_000,
    initial,
    initial,
    start,
  );
  for (const change of changes) {
    const before = change.offset - change.change;
    // DTSTART of an observance is the wall-clock time of the change in the offset before it.
    observance(
      change.change > 0 ? 'DAYLIGHT' : 'STANDARD',
      change.date.getTime() + before * 60_000,
      before,
      change.offset,
      change.date,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

function compactDate(date: string): string {
  return date.replace(/-/g, '');
}

function eventLines(event: IcsEvent, now: Date): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${formatUtc(now)}`,
    `SEQUENCE:${event.sequence}`,
  ];
  const start = event.start;
  if (start.kind === 'date') {
    lines.push(
      `DTSTART;VALUE=DATE:${compactDate(start.date)}`,
      `DTEND;VALUE=DATE:${compactDate(addDays(start.date, 1))}`,
      'TRANSP:TRANSPARENT',
    );
  } else {
    if (isAmbiguousLocal(start.instant, start.timeZone)) lines.push(`DTSTART:${formatUtc(start.instant)}`);
    else lines.push(`DTSTART;TZID=${start.timeZone}:${formatLocal(start.instant, start.timeZone)}`);
    lines.push(`DURATION:PT${start.durationMinutes}M`);
  }
  lines.push(`STATUS:${event.status}`, `SUMMARY:${textValue(event.summary)}`);
  if (event.location) lines.push(`LOCATION:${textValue(event.location)}`);
  if (event.description) lines.push(`DESCRIPTION:${textValue(event.description)}`);
  if (event.url) lines.push(`URL:${event.url}`);
  if (event.categories?.length) lines.push(`CATEGORIES:${event.categories.map(textValue).join(',')}`);
  if (event.lastModified) lines.push(`LAST-MODIFIED:${formatUtc(event.lastModified)}`);
  lines.push('END:VEVENT');
  return lines;
}

/** The whole VCALENDAR, CRLF line endings, folded. */
export function buildCalendar(calendar: IcsCalendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODUCT_ID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${textValue(calendar.name)}`,
  ];
  if (calendar.description) lines.push(`X-WR-CALDESC:${textValue(calendar.description)}`);
  const refresh = calendar.refreshMinutes ?? 60;
  lines.push(`REFRESH-INTERVAL;VALUE=DURATION:PT${refresh}M`, `X-PUBLISHED-TTL:PT${refresh}M`);

  const years = new Map<string, { from: number; to: number }>();
  for (const event of calendar.events) {
    if (event.start.kind !== 'zoned') continue;
    const { year } = calendarDateParts(localDateOf(event.start.instant, event.start.timeZone));
    const span = years.get(event.start.timeZone);
    years.set(
      event.start.timeZone,
      span ? { from: Math.min(span.from, year), to: Math.max(span.to, year) } : { from: year, to: year },
    );
  }
  for (const [zone, span] of [...years].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(...vtimezone(zone, span.from - 1, span.to));
  }
  for (const event of calendar.events) lines.push(...eventLines(event, calendar.now));
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
