import { z } from 'zod';
import { allowedMinutesPerDay, isInQuietHours, type QuietHours } from './quiet-hours';
import { clockTimeToMinutes, isClockTime, type ClockTime } from '../../time';

/*
 * The reminder policy is data: admins edit it, so it is validated with messages a person can act on.
 *
 * Two kinds of offset, each measured back from the subject's ANCHOR:
 *   - hearing anchor: the instant the hearing starts.
 *   - deadline anchor: the end of its `remindBy` day in the court's zone (00:00 of the next day there);
 *     the deadline engine already moved `remindBy` to the business day reminders must go out by.
 *
 * `before`    — like an ISO 8601 duration: `days` are calendar days in the COURT's zone, keeping the
 *               wall-clock time across DST (1 day before 09:00 Monday is 09:00 Sunday even when Sunday
 *               is 23 h long); `hours`/`minutes`/`seconds` are elapsed time, so tests can shorten a
 *               policy to `{ kind: 'before', minutes: 2 }`. Offset key: 'P14D', 'PT2M', 'P1DT12H'.
 * `localTime` — a wall-clock time in the RECIPIENT's zone, `daysBefore` calendar days before the anchor
 *               day. The anchor day is the hearing's date in the recipient's own zone (what their calendar
 *               says), or the `remindBy` date for a deadline. "The morning of" is
 *               `{ kind: 'localTime', daysBefore: 0, at: '08:00' }`, offset key 'D0T0800'. If that time is
 *               not at least `minLeadMinutes` before the anchor (an 08:00 morning-of for a 09:00 Eastern
 *               hearing seen from Honolulu is after it started) it moves to anchor − minLeadMinutes.
 *
 * Then quiet hours (recipient's zone) move a send earlier — never later — see quiet-hours.ts.
 */

export const RECIPIENT_ROLES = ['child', 'sponsor', 'attorney', 'coordinator'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

export const FAMILY_ROLES: readonly RecipientRole[] = ['child', 'sponsor'];

export function isFamilyRole(role: RecipientRole): boolean {
  return FAMILY_ROLES.includes(role);
}

export type ReminderSubjectKind = 'hearing' | 'deadline';

/** Who has to act on a deadline: the family (e.g. the change-of-address form) or counsel (filings). */
export const DEADLINE_ACTORS = ['family', 'counsel'] as const;
export type DeadlineActor = (typeof DEADLINE_ACTORS)[number];

export interface BeforeOffset {
  readonly kind: 'before';
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
}

export interface LocalTimeOffset {
  readonly kind: 'localTime';
  readonly daysBefore: number;
  readonly at: ClockTime;
}

export type ReminderOffset = BeforeOffset | LocalTimeOffset;

export type OffsetsByRole = Readonly<Record<RecipientRole, readonly ReminderOffset[]>>;

export interface ReminderPolicy {
  readonly hearing: OffsetsByRole;
  /** Per actor, then per recipient role: a role with no offsets for that actor hears nothing. */
  readonly deadline: Readonly<Record<DeadlineActor, OffsetsByRole>>;
  /** null: no quiet hours. */
  readonly quietHours: QuietHours | null;
  /** How close to the anchor a `localTime` send may land, in minutes (≥ 1). */
  readonly minLeadMinutes: number;
  /** If every planned send for a recipient is already past, send one reminder as soon as allowed instead. */
  readonly catchUp: boolean;
}

export const daysBefore = (days: number): BeforeOffset => ({ kind: 'before', days });
export const hoursBefore = (hours: number): BeforeOffset => ({ kind: 'before', hours });
export const minutesBefore = (minutes: number): BeforeOffset => ({ kind: 'before', minutes });
export const atLocalTime = (daysBefore: number, at: ClockTime): LocalTimeOffset => ({
  kind: 'localTime',
  daysBefore,
  at,
});
export const MORNING_OF: LocalTimeOffset = atLocalTime(0, '08:00');

const FAMILY_HEARING: readonly ReminderOffset[] = [daysBefore(14), daysBefore(3), daysBefore(1), MORNING_OF];
const FAMILY_DEADLINE: readonly ReminderOffset[] = [
  atLocalTime(3, '09:00'),
  atLocalTime(1, '09:00'),
  atLocalTime(0, '08:00'),
];
const COUNSEL_DEADLINE: readonly ReminderOffset[] = [
  atLocalTime(10, '09:00'),
  atLocalTime(3, '09:00'),
  atLocalTime(1, '09:00'),
];

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  hearing: {
    child: FAMILY_HEARING,
    sponsor: FAMILY_HEARING,
    attorney: [daysBefore(7), daysBefore(1)],
    coordinator: [],
  },
  deadline: {
    family: {
      child: FAMILY_DEADLINE,
      sponsor: FAMILY_DEADLINE,
      attorney: [atLocalTime(3, '09:00'), atLocalTime(1, '09:00')],
      coordinator: [],
    },
    counsel: { child: [], sponsor: [], attorney: COUNSEL_DEADLINE, coordinator: [] },
  },
  quietHours: { start: '21:00', end: '07:00' },
  minLeadMinutes: 60,
  catchUp: true,
};

/*
 * Bounds: a policy is a handful of reminders per person, not a flood. An admin once saved 10,000 offsets and one
 * family got 24 e-mails in 15 minutes. Per list (one role of one subject kind or deadline actor) at most
 * MAX_OFFSETS_PER_LIST offsets, none more than MAX_LEAD_DAYS ahead, and two offsets of one kind at least
 * MIN_SPACING_MINUTES apart — or half the nearer one's lead when that is shorter, so a policy shortened to
 * minutes (tests, demos) still fits. A `before` and a `localTime` offset are not compared: their distance
 * depends on the hearing's time of day.
 */
export const MAX_OFFSETS_PER_LIST = 8;
export const MAX_LEAD_DAYS = 60;
export const MIN_SPACING_MINUTES: Readonly<Record<RecipientRole, number>> = {
  child: 60,
  sponsor: 60,
  attorney: 15,
  coordinator: 15,
};
const MAX_LEAD_MINUTES = MAX_LEAD_DAYS * 24 * 60;

/** Elapsed part of a `before` offset, in ms (days excluded: they are calendar days). */
export function elapsedMsOf(offset: BeforeOffset): number {
  return ((offset.hours ?? 0) * 3600 + (offset.minutes ?? 0) * 60 + (offset.seconds ?? 0)) * 1000;
}

/**
 * Stable id of an offset, used in dedupe keys and shown to admins. Equal offsets get equal keys
 * ({ minutes: 90 } and { hours: 1, minutes: 30 } are both 'PT1H30M'); 'P1D' and 'PT24H' differ on DST days.
 */
export function offsetKeyOf(offset: ReminderOffset): string {
  if (offset.kind === 'localTime') return `D${offset.daysBefore}T${offset.at.replace(':', '')}`;
  const totalSeconds = elapsedMsOf(offset) / 1000;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const days = offset.days ?? 0;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

// ── validation ────────────────────────────────────────────────────────────────────────────────────────

const wholeNonNegative = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} must be a whole number` })
    .min(0, { error: `${what} must not be negative: offsets count back from the hearing or deadline` });

const clockTime = z.string().refine(isClockTime, { error: 'must be a 24-hour time like "08:00"' });

const beforeSchema = z.strictObject({
  kind: z.literal('before'),
  days: wholeNonNegative('days')
    .max(MAX_LEAD_DAYS, { error: `days must be at most ${MAX_LEAD_DAYS}` })
    .optional(),
  hours: wholeNonNegative('hours')
    .max(MAX_LEAD_MINUTES / 60, {
      error: `hours must be at most ${MAX_LEAD_MINUTES / 60} (${MAX_LEAD_DAYS} days)`,
    })
    .optional(),
  minutes: wholeNonNegative('minutes')
    .max(MAX_LEAD_MINUTES, { error: `minutes must be at most ${MAX_LEAD_MINUTES} (${MAX_LEAD_DAYS} days)` })
    .optional(),
  seconds: wholeNonNegative('seconds')
    .max(MAX_LEAD_MINUTES * 60, {
      error: `seconds must be at most ${MAX_LEAD_MINUTES * 60} (${MAX_LEAD_DAYS} days)`,
    })
    .optional(),
});

const localTimeSchema = z.strictObject({
  kind: z.literal('localTime'),
  daysBefore: wholeNonNegative('daysBefore').max(MAX_LEAD_DAYS, {
    error: `daysBefore must be at most ${MAX_LEAD_DAYS}`,
  }),
  at: clockTime,
});

const offsetSchema = z.discriminatedUnion('kind', [beforeSchema, localTimeSchema], {
  error: 'kind must be "before" (a duration) or "localTime" (a time of day in the recipient\'s zone)',
});

const offsetList = z
  .array(offsetSchema)
  .max(MAX_OFFSETS_PER_LIST, { error: `at most ${MAX_OFFSETS_PER_LIST} reminders per role` })
  .default([]);

const offsetsByRoleSchema = z.strictObject(
  {
    child: offsetList,
    sponsor: offsetList,
    attorney: offsetList,
    coordinator: offsetList,
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown recipient role ${issue.keys.map((k) => `"${k}"`).join(', ')} (known: ${RECIPIENT_ROLES.join(', ')})`
        : undefined,
  },
);

const policySchema = z.strictObject({
  hearing: offsetsByRoleSchema,
  deadline: z.strictObject(
    { family: offsetsByRoleSchema, counsel: offsetsByRoleSchema },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown deadline actor ${issue.keys.map((k) => `"${k}"`).join(', ')} (known: ${DEADLINE_ACTORS.join(', ')})`
          : undefined,
    },
  ),
  quietHours: z.strictObject({ start: clockTime, end: clockTime }).nullable(),
  minLeadMinutes: z
    .number()
    .int({ error: 'minLeadMinutes must be a whole number' })
    .min(1, { error: 'minLeadMinutes must be at least 1: a reminder at the very start is no reminder' })
    .max(24 * 60, { error: 'minLeadMinutes must be at most 1440 (one day)' }),
  catchUp: z.boolean(),
});

export interface PolicyIssue {
  /** Where in the policy, e.g. 'hearing.child[2].minutes'. */
  path: string;
  message: string;
}

export class ReminderPolicyError extends Error {
  constructor(readonly issues: readonly PolicyIssue[]) {
    super(
      `Invalid reminder policy:\n${issues.map((i) => `- ${i.path || '(policy)'}: ${i.message}`).join('\n')}`,
    );
    this.name = 'ReminderPolicyError';
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    return out ? `${out}.${String(part)}` : String(part);
  }, '');
}

function semanticIssues(policy: ReminderPolicy): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const quiet = policy.quietHours;
  if (quiet) {
    if (quiet.start === quiet.end) {
      issues.push({ path: 'quietHours', message: 'start and end are equal; use null for no quiet hours' });
    } else if (allowedMinutesPerDay(quiet) < 60) {
      issues.push({
        path: 'quietHours',
        message: `${quiet.start}–${quiet.end} leaves less than an hour a day to send reminders`,
      });
    }
  }
  const lists: [string, RecipientRole, readonly ReminderOffset[]][] = [];
  for (const role of RECIPIENT_ROLES) {
    lists.push([`hearing.${role}`, role, policy.hearing[role]]);
    for (const actor of DEADLINE_ACTORS)
      lists.push([`deadline.${actor}.${role}`, role, policy.deadline[actor][role]]);
  }
  for (const [path, role, offsets] of lists) {
    const seen = new Map<string, number>();
    offsets.forEach((offset, index) => {
      const key = offsetKeyOf(offset);
      if (offset.kind === 'before' && (offset.days ?? 0) === 0 && elapsedMsOf(offset) === 0) {
        issues.push({ path: `${path}[${index}]`, message: 'a "before" offset must be more than zero' });
        return;
      }
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        issues.push({ path: `${path}[${index}]`, message: `same offset as ${path}[${earlier}] (${key})` });
      } else {
        const problem = boundsProblem(offset, role, offsets.slice(0, index), path);
        if (problem) issues.push({ path: `${path}[${index}]`, message: problem });
      }
      seen.set(key, index);
      if (
        offset.kind === 'localTime' &&
        quiet &&
        quiet.start !== quiet.end &&
        isClockTimeQuiet(offset.at, quiet)
      ) {
        issues.push({
          path: `${path}[${index}].at`,
          message: `${offset.at} is inside quiet hours ${quiet.start}–${quiet.end}; it would always move to the evening before`,
        });
      }
    });
  }
  return issues;
}

/**
 * How far before the anchor an offset lands, in minutes, on a nominal day (24 h, no DST). For a `localTime`
 * offset the anchor is the start of the anchor day, so two of them compare by their place on the calendar.
 */
export function nominalLeadMinutes(offset: ReminderOffset): number {
  if (offset.kind === 'localTime') return offset.daysBefore * 1440 - clockTimeToMinutes(offset.at);
  return (offset.days ?? 0) * 1440 + elapsedMsOf(offset) / 60_000;
}

/** The minimum distance between two offsets of one kind for this role, given the nearer one's lead. */
export function minSpacingMinutes(role: RecipientRole, nearerLeadMinutes: number): number {
  return Math.min(MIN_SPACING_MINUTES[role], Math.max(nearerLeadMinutes, 0) / 2);
}

function boundsProblem(
  offset: ReminderOffset,
  role: RecipientRole,
  earlier: readonly ReminderOffset[],
  path: string,
): string | undefined {
  const lead = nominalLeadMinutes(offset);
  if (offset.kind === 'before' && lead > MAX_LEAD_MINUTES) {
    return `more than ${MAX_LEAD_DAYS} days before: at most ${MAX_LEAD_DAYS} days in all`;
  }
  for (let i = 0; i < earlier.length; i++) {
    const other = earlier[i];
    if (other.kind !== offset.kind) continue;
    const otherLead = nominalLeadMinutes(other);
    const gap = Math.abs(lead - otherLead);
    const needed = minSpacingMinutes(role, Math.min(lead, otherLead));
    if (gap < needed) {
      return `only ${formatMinutes(gap)} from ${path}[${i}] (${offsetKeyOf(other)}): ${role} reminders must be at least ${formatMinutes(needed)} apart`;
    }
  }
  return undefined;
}

function formatMinutes(minutes: number): string {
  if (minutes >= 1 && Number.isInteger(minutes)) return `${minutes} min`;
  return `${Math.round(minutes * 60)} s`;
}

function isClockTimeQuiet(at: ClockTime, quiet: QuietHours): boolean {
  // Any zone works for a wall-clock question asked on a day without transitions.
  const minutes = clockTimeToMinutes(at);
  return isInQuietHours(new Date(Date.UTC(2026, 0, 15, 0, minutes)), 'UTC', quiet);
}

export type PolicyCheck = { ok: true; policy: ReminderPolicy } | { ok: false; issues: PolicyIssue[] };

/** Validates a policy an admin wrote (e.g. JSON from the API) without throwing. */
export function checkReminderPolicy(input: unknown): PolicyCheck {
  const parsed = policySchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message })),
    };
  }
  const policy: ReminderPolicy = parsed.data;
  const issues = semanticIssues(policy);
  return issues.length ? { ok: false, issues } : { ok: true, policy };
}

/** Validates a policy and returns it typed; throws ReminderPolicyError listing every problem. */
export function parseReminderPolicy(input: unknown): ReminderPolicy {
  const check = checkReminderPolicy(input);
  if (!check.ok) throw new ReminderPolicyError(check.issues);
  return check.policy;
}

const checkedPolicies = new WeakSet<ReminderPolicy>();

/** Cheap guard for the planner: a typed policy can still hold a negative number. */
export function assertReminderPolicy(policy: ReminderPolicy): void {
  if (checkedPolicies.has(policy)) return;
  parseReminderPolicy(policy);
  checkedPolicies.add(policy);
}
