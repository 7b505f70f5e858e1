import {
  addDays,
  clockTimeToMinutes,
  DAY_MINUTES,
  instantAtWallClock,
  localDateOf,
  MINUTE_MS,
  wallClockFromMinutes,
  wallClockMsOf,
  type ClockTime,
} from '../../time';

/**
 * Hours in which nobody is messaged, read on the RECIPIENT's wall clock: [start, end), wrapping past
 * midnight when start > end (the default 21:00–07:00). Either bound can be anything but equal.
 */
export interface QuietHours {
  start: ClockTime;
  end: ClockTime;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:00', end: '07:00' };

// A DST edge can make the direct wall-clock answer wrong; past this many minutes the policy itself is broken.
const SCAN_LIMIT_MINUTES = 3 * DAY_MINUTES;

function bounds(quiet: QuietHours): { startMs: number; endMs: number; wraps: boolean } {
  const startMs = clockTimeToMinutes(quiet.start) * MINUTE_MS;
  const endMs = clockTimeToMinutes(quiet.end) * MINUTE_MS;
  if (startMs === endMs) {
    throw new RangeError(`Quiet hours ${quiet.start}–${quiet.end} start and end at once`);
  }
  return { startMs, endMs, wraps: startMs > endMs };
}

export function isInQuietHours(instant: Date, zone: string, quiet: QuietHours): boolean {
  const { startMs, endMs, wraps } = bounds(quiet);
  const at = wallClockMsOf(instant, zone);
  return wraps ? at >= startMs || at < endMs : at >= startMs && at < endMs;
}

/** Minutes the recipient can be messaged in a day (used to refuse policies that leave no room). */
export function allowedMinutesPerDay(quiet: QuietHours): number {
  const quietMinutes =
    (clockTimeToMinutes(quiet.end) - clockTimeToMinutes(quiet.start) + DAY_MINUTES) % DAY_MINUTES;
  return DAY_MINUTES - quietMinutes;
}

function scan(instant: Date, zone: string, quiet: QuietHours, direction: -1 | 1): Date {
  // Walk whole minutes; only reached around DST transitions that touch the quiet-hour bounds.
  const firstMinute =
    direction < 0
      ? Math.ceil(instant.getTime() / MINUTE_MS) * MINUTE_MS - MINUTE_MS
      : Math.floor(instant.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  for (let step = 0; step < SCAN_LIMIT_MINUTES; step += 1) {
    const candidate = new Date(firstMinute + direction * step * MINUTE_MS);
    if (!isInQuietHours(candidate, zone, quiet)) return candidate;
  }
  throw new RangeError(
    `No time outside quiet hours ${quiet.start}–${quiet.end} near ${instant.toISOString()}`,
  );
}

/**
 * Moves a send that falls in quiet hours EARLIER, to the last whole minute before they began
 * (20:59 local for 21:00–07:00, on the evening before when the send was after midnight).
 * Never later: a reminder that arrives after it was meant to can arrive too late to help.
 */
export function moveBeforeQuietHours(instant: Date, zone: string, quiet: QuietHours): Date {
  if (!isInQuietHours(instant, zone, quiet)) return instant;
  const { startMs, wraps } = bounds(quiet);
  let day = localDateOf(instant, zone);
  if (wraps && wallClockMsOf(instant, zone) < startMs) day = addDays(day, -1);
  let lastAllowedMinute = startMs / MINUTE_MS - 1;
  if (lastAllowedMinute < 0) {
    lastAllowedMinute += DAY_MINUTES;
    day = addDays(day, -1);
  }
  const candidate = instantAtWallClock(day, wallClockFromMinutes(lastAllowedMinute), zone);
  if (candidate.getTime() < instant.getTime() && !isInQuietHours(candidate, zone, quiet)) return candidate;
  return scan(instant, zone, quiet, -1);
}

/** The first moment at or after `instant` outside quiet hours (07:00 local for 21:00–07:00). */
export function nextAllowedInstant(instant: Date, zone: string, quiet: QuietHours): Date {
  if (!isInQuietHours(instant, zone, quiet)) return instant;
  const { startMs, endMs, wraps } = bounds(quiet);
  let day = localDateOf(instant, zone);
  if (wraps && wallClockMsOf(instant, zone) >= startMs) day = addDays(day, 1);
  const candidate = instantAtWallClock(day, wallClockFromMinutes(endMs / MINUTE_MS), zone);
  if (candidate.getTime() > instant.getTime() && !isInQuietHours(candidate, zone, quiet)) return candidate;
  return scan(instant, zone, quiet, 1);
}
