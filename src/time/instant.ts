import { isCalendarDate } from './calendar-date';

/**
 * Instants as clients write them: ISO 8601 extended format with a time zone designator, the one parser every
 * request field that names a point in time goes through (`startsAt`, `movedAt`, `pausedUntil`, audit ranges).
 *
 * Accepted: `2027-03-03T09:00-05:00`, `…T09:00:00Z`, and any decimal fraction of the second with `.` or `,`
 * (`…34.1Z`, `…34,5Z`, `…34.123456789Z`, what many languages print by default); offsets as `Z`, `±HH:MM`,
 * `±HHMM` or `±HH`. Precision beyond the millisecond is cut (JavaScript dates hold milliseconds).
 * Refused: no offset (a wall-clock reading is not an instant), impossible dates (2027-02-30), 24:00, leap
 * seconds, years outside 1000–9999 (as for every calendar date), numbers and booleans.
 */
const ISO_INSTANT =
  /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

/** An ISO 8601 instant with its offset; null when malformed, impossible, or without an offset. */
export function parseIsoInstant(value: unknown): Date | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const m = ISO_INSTANT.exec(value);
  if (!m) return null;
  const [, date, hh, mi, ss = '00', fraction = '', zulu, sign, oh = '00', om = '00'] = m;
  if (!isCalendarDate(date)) return null;
  const [hours, minutes, seconds] = [Number(hh), Number(mi), Number(ss)];
  const [offsetHours, offsetMinutes] = [Number(oh), Number(om)];
  if (hours > 23 || minutes > 59 || seconds > 59 || offsetHours > 23 || offsetMinutes > 59) return null;
  const [year, month, day] = date.split('-').map(Number);
  const wall = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hours, minutes, seconds, Number(fraction.slice(0, 3).padEnd(3, '0')));
  const offsetMs = zulu ? 0 : (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return new Date(wall.getTime() - offsetMs);
}

/**
 * A point in time for a request field: an instant as above, or a calendar date (`YYYY-MM-DD`), taken as the
 * start of that day in UTC. Null for anything else, including numbers and booleans (never epoch milliseconds).
 */
export function parseInstantOrDate(value: unknown): Date | null {
  if (isCalendarDate(value)) {
    return new Date(`${value}T00:00:00.000Z`);
  }
  return parseIsoInstant(value);
}
