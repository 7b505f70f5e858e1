import { badRequest } from '../common/app-error';
import { describeInstant, isCalendarDate, parseIsoInstant, resolveLocalTime } from '../time';

export interface HearingTimeInput {
  localDate?: string;
  localTime?: string;
  startsAt?: string;
}

export interface HearingWarning {
  code: string;
  message: string;
  chosen?: string;
  alternative?: string;
  /** family_unreachable_no_channel: who cannot be reached and why. */
  people?: { role: 'child' | 'sponsor'; id: string | null; reason: string }[];
}

export interface ResolvedStart {
  startsAt: Date;
  warnings: HearingWarning[];
}

/**
 * The instant a hearing starts, from a local date and time at the hearing location (in `timeZone`) or from an
 * ISO instant with its offset. `current` (when rescheduling) fills in a missing local date or time. Returns
 * null when the input names no time at all. Throws 400s with stable codes:
 * - `conflicting_start_time`: both a local time and an instant;
 * - `start_time_required`: a local date without a time (or the reverse) and nothing to fill it from;
 * - `invalid_date`: a date that is not on the calendar (2026-02-30);
 * - `invalid_instant`: startsAt malformed or without an offset;
 * - `nonexistent_local_time`: skipped by a DST change (02:30 on 2026-03-08 in New York).
 * An ambiguous local time (01:30 on 2026-11-01 in New York happens twice) resolves to the earlier instant,
 * with an `ambiguous_local_time` warning naming the other one.
 */
export function resolveHearingStart(
  input: HearingTimeInput,
  timeZone: string,
  current?: Date,
): ResolvedStart | null {
  const hasLocal = input.localDate !== undefined || input.localTime !== undefined;
  if (input.startsAt !== undefined) {
    if (hasLocal) {
      throw badRequest(
        'conflicting_start_time',
        'Give either localDate + localTime (at the court) or startsAt (an instant with its offset), not both.',
      );
    }
    const instant = parseIsoInstant(input.startsAt);
    if (!instant) {
      throw badRequest(
        'invalid_instant',
        `startsAt: ${input.startsAt} is not an ISO 8601 instant with an offset, e.g. 2027-03-03T09:00:00-05:00 or 2027-03-03T14:00:00Z.`,
        [{ field: 'startsAt', message: 'needs date, time and offset' }],
      );
    }
    return { startsAt: instant, warnings: [] };
  }
  if (!hasLocal) return null;

  const fallback = current ? describeInstant(current, timeZone) : undefined;
  const date = input.localDate ?? fallback?.date;
  const time = input.localTime ?? fallback?.time;
  if (date === undefined || time === undefined) {
    const missing = date === undefined ? 'localDate' : 'localTime';
    throw badRequest('start_time_required', `Give both localDate and localTime (${missing} is missing).`, [
      { field: missing, message: 'required with the other' },
    ]);
  }
  if (!isCalendarDate(date)) {
    throw badRequest('invalid_date', `localDate: ${date} is not a date on the calendar.`, [
      { field: 'localDate', message: 'not a real date' },
    ]);
  }
  const resolved = resolveLocalTime(date, time, timeZone);
  if (resolved.kind === 'nonexistent') {
    throw badRequest(
      'nonexistent_local_time',
      `${time} on ${date} does not exist in ${timeZone}: the clocks skip that hour when daylight saving time starts. ` +
        'Check the hearing notice, or give startsAt with an explicit offset.',
      [{ field: 'localTime', message: 'skipped by a daylight-saving change', date, time, timeZone }],
    );
  }
  if (resolved.kind === 'exact') return { startsAt: resolved.instant, warnings: [] };
  const earlier = describeInstant(resolved.earlier, timeZone);
  const later = describeInstant(resolved.later, timeZone);
  return {
    startsAt: resolved.earlier,
    warnings: [
      {
        code: 'ambiguous_local_time',
        message:
          `${time} on ${date} happens twice in ${timeZone} (daylight saving time ends): taken as the first, ` +
          `${earlier.display} (UTC${earlier.utcOffset}). If the notice means ${later.display} (UTC${later.utcOffset}), ` +
          'reschedule with startsAt and that offset.',
        chosen: resolved.earlier.toISOString(),
        alternative: resolved.later.toISOString(),
      },
    ],
  };
}
