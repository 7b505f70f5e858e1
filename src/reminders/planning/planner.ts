import { resolveTemplateLanguage, type TemplateLanguageResolution } from '../templates/languages';
import {
  ASAP_STAMP,
  deadlineVersionToken,
  hearingVersionToken,
  reminderDedupeKey,
  sendStampOf,
} from './dedupe-key';
import {
  assertReminderPolicy,
  DEFAULT_REMINDER_POLICY,
  elapsedMsOf,
  offsetKeyOf,
  RECIPIENT_ROLES,
  type OffsetsByRole,
  type ReminderOffset,
  type ReminderPolicy,
  type ReminderSubjectKind,
} from './policy';
import { moveBeforeQuietHours, nextAllowedInstant } from './quiet-hours';
import {
  CHANNELS,
  type Channel,
  type DeadlineToPlan,
  type HearingToPlan,
  type PlannedDeadlineReminder,
  type PlannedHearingReminder,
  type PlannedReminder,
  type PlannedReminderBase,
  type ReminderPlan,
  type ReminderRecipient,
  type SkippedReminder,
} from './types';
import {
  LAST_CALENDAR_DATE,
  addDays,
  assertKnownTimeZone,
  instantAtClockTime,
  instantAtWallClock,
  localDateOf,
  MINUTE_MS,
  parseCalendarDate,
  wallClockOf,
  type CalendarDate,
} from '../../time';

export { diffReminderPlans } from './reminder-diff';

export const CATCH_UP_OFFSET_KEY = 'CATCHUP';

export interface PlanHearingRemindersInput {
  hearing: HearingToPlan;
  recipients: readonly ReminderRecipient[];
  /** Defaults to DEFAULT_REMINDER_POLICY. */
  policy?: ReminderPolicy;
  now: Date;
  /** How long before its send time a reminder may go (see startAt). Default 0. */
  sendAheadMs?: number;
  /**
   * A catch-up waits this long after planning (default 0): a hearing moved again meanwhile cancels it, so a burst
   * of moves sends one catch-up, for the last time set.
   */
  catchUpSettleMs?: number;
}

export interface PlanDeadlineRemindersInput {
  deadline: DeadlineToPlan;
  recipients: readonly ReminderRecipient[];
  policy?: ReminderPolicy;
  now: Date;
  sendAheadMs?: number;
  /**
   * A catch-up waits this long after planning (default 0): a hearing moved again meanwhile cancels it, so a burst
   * of moves sends one catch-up, for the last time set.
   */
  catchUpSettleMs?: number;
}

/** What offsets count back from. Nothing is ever sent at or after `instant`. */
interface Anchor {
  instant: Date;
  courtZone: string;
  /** The calendar day `localTime` offsets count back from, for a recipient in `zone`. */
  dayIn(zone: string): CalendarDate;
}

interface Candidate {
  offsetKey: string;
  dueAt: Date;
  sendAt: Date;
  sameTimeAsCloser: boolean;
}

type KeyBase = { subjectKind: ReminderSubjectKind; subjectId: string; subjectVersion: string };

// Code-unit order, not localeCompare: the plan must not depend on the server's locale.
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function assertInstant(value: Date, what: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RangeError(`${what} is not a valid date`);
  }
}

function dueAtFor(
  offset: ReminderOffset,
  anchor: Anchor,
  recipientZone: string,
  policy: ReminderPolicy,
): Date {
  if (offset.kind === 'before') {
    let base = anchor.instant;
    if (offset.days) {
      // Calendar days on the court's wall clock: "3 days before 9:00" is 9:00, whatever DST did meanwhile.
      const day = addDays(localDateOf(anchor.instant, anchor.courtZone), -offset.days);
      base = instantAtWallClock(day, wallClockOf(anchor.instant, anchor.courtZone), anchor.courtZone);
    }
    return new Date(base.getTime() - elapsedMsOf(offset));
  }
  const day = addDays(anchor.dayIn(recipientZone), -offset.daysBefore);
  const wallTime = instantAtClockTime(day, offset.at, recipientZone);
  const latest = anchor.instant.getTime() - policy.minLeadMinutes * MINUTE_MS;
  return new Date(Math.min(wallTime.getTime(), latest));
}

function candidatesFor(
  offsets: readonly ReminderOffset[],
  anchor: Anchor,
  recipient: ReminderRecipient,
  policy: ReminderPolicy,
): Candidate[] {
  const candidates = offsets.map((offset): Candidate => {
    const dueAt = dueAtFor(offset, anchor, recipient.timeZone, policy);
    const sendAt = policy.quietHours
      ? moveBeforeQuietHours(dueAt, recipient.timeZone, policy.quietHours)
      : dueAt;
    if (sendAt.getTime() >= anchor.instant.getTime()) {
      throw new Error(`Planner invariant broken: ${offsetKeyOf(offset)} would send at or after the anchor`);
    }
    return { offsetKey: offsetKeyOf(offset), dueAt, sendAt, sameTimeAsCloser: false };
  });
  // Quiet hours can pile several reminders onto one minute (all to 20:59): keep only the one meant
  // closest to the subject, so nobody gets the same message twice at once.
  candidates.sort(
    (a, b) =>
      a.sendAt.getTime() - b.sendAt.getTime() ||
      b.dueAt.getTime() - a.dueAt.getTime() ||
      byText(a.offsetKey, b.offsetKey),
  );
  for (let i = 1; i < candidates.length; i += 1) {
    if (candidates[i].sendAt.getTime() === candidates[i - 1].sendAt.getTime()) {
      candidates[i].sameTimeAsCloser = true;
    }
  }
  return candidates;
}

function assertSendAhead(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError('sendAheadMs must be a number of milliseconds ≥ 0');
}

/**
 * The start of a send's window: `sendAheadMs` before its send time, but never inside the recipient's quiet
 * hours (a send at 07:00 after quiet hours ending at 07:00 starts at 07:00).
 */
function startOf(sendAt: Date, zone: string, policy: ReminderPolicy, sendAheadMs: number): Date {
  if (sendAheadMs === 0) return sendAt;
  const early = new Date(sendAt.getTime() - sendAheadMs);
  const start = policy.quietHours ? nextAllowedInstant(early, zone, policy.quietHours) : early;
  return start.getTime() > sendAt.getTime() ? sendAt : start;
}

function validateRecipients(recipients: readonly ReminderRecipient[]): void {
  const seen = new Set<string>();
  for (const recipient of recipients) {
    const who = `Recipient "${recipient.recipientKey}"`;
    if (!recipient.recipientKey) throw new RangeError('Every recipient needs a recipientKey');
    if (seen.has(recipient.recipientKey)) throw new RangeError(`${who} is listed twice`);
    seen.add(recipient.recipientKey);
    if (!RECIPIENT_ROLES.includes(recipient.role)) {
      throw new RangeError(`${who} has unknown role "${recipient.role}"`);
    }
    for (const channel of [...recipient.channels, ...(recipient.stoppedChannels ?? [])]) {
      if (!CHANNELS.includes(channel)) throw new RangeError(`${who} has unknown channel "${channel}"`);
    }
    assertKnownTimeZone(recipient.timeZone, who);
  }
}

function planSubject<S extends PlannedReminder>(args: {
  key: KeyBase;
  anchor: Anchor;
  offsets: OffsetsByRole;
  recipients: readonly ReminderRecipient[];
  policy: ReminderPolicy;
  now: Date;
  sendAheadMs: number;
  catchUpSettleMs?: number;
  build: (base: PlannedReminderBase) => S;
}): ReminderPlan<S> {
  const { key, anchor, policy, now, sendAheadMs } = args;
  // Settled catch-ups still go before the subject; one too close to wait for goes at once.
  const settled = new Date(now.getTime() + Math.max(0, args.catchUpSettleMs ?? 0));
  const catchUpFrom = settled.getTime() < anchor.instant.getTime() ? settled : now;
  const sends: S[] = [];
  const skipped: SkippedReminder[] = [];
  for (const recipient of args.recipients) {
    const offsets = args.offsets[recipient.role];
    const stopped = new Set<Channel>(recipient.stoppedChannels ?? []);
    const channels = [...new Set(recipient.channels)].filter((channel) => !stopped.has(channel));
    if (offsets.length === 0 || channels.length === 0) continue;
    const language: TemplateLanguageResolution = resolveTemplateLanguage(recipient.language);
    const candidates = candidatesFor(offsets, anchor, recipient, policy);
    for (const channel of channels) {
      const dedupeKey = (offsetKey: string, stamp: string) =>
        reminderDedupeKey({
          ...key,
          recipientKey: recipient.recipientKey,
          channel,
          language: recipient.language,
          offsetKey,
          sendStamp: stamp,
        });
      const common = {
        recipientRole: recipient.role,
        recipientKey: recipient.recipientKey,
        channel,
        language: recipient.language,
        templateLanguage: language.templateLanguage,
        callNeeded: language.callNeeded,
      };
      let planned = 0;
      for (const candidate of candidates) {
        const { offsetKey, dueAt, sendAt } = candidate;
        const itsKey = dedupeKey(offsetKey, sendStampOf(sendAt));
        const reason = candidate.sameTimeAsCloser
          ? 'same_time'
          : sendAt.getTime() < now.getTime()
            ? 'passed'
            : null;
        if (reason) {
          skipped.push({
            recipientKey: recipient.recipientKey,
            channel,
            offsetKey,
            dueAt,
            sendAt,
            dedupeKey: itsKey,
            reason,
          });
          continue;
        }
        planned += 1;
        const startAt = startOf(sendAt, recipient.timeZone, policy, sendAheadMs);
        sends.push(
          args.build({ ...common, offsetKey, startAt, sendAt, dueAt, catchUp: false, dedupeKey: itsKey }),
        );
      }
      if (planned === 0 && policy.catchUp) {
        // Everything planned is already past (a hearing set or moved at short notice): one reminder as
        // soon as quiet hours allow, if that is still before the hearing. Its due time is that moment.
        const at = policy.quietHours
          ? nextAllowedInstant(catchUpFrom, recipient.timeZone, policy.quietHours)
          : catchUpFrom;
        const catchUpKey = dedupeKey(CATCH_UP_OFFSET_KEY, ASAP_STAMP);
        if (at.getTime() < anchor.instant.getTime()) {
          sends.push(
            args.build({
              ...common,
              offsetKey: CATCH_UP_OFFSET_KEY,
              startAt: at,
              sendAt: at,
              dueAt: at,
              catchUp: true,
              dedupeKey: catchUpKey,
            }),
          );
        } else {
          // Too late now; a catch-up planned earlier may be going out right now, so it counts as passed.
          const { recipientKey } = recipient;
          const offsetKey = CATCH_UP_OFFSET_KEY;
          skipped.push({
            recipientKey,
            channel,
            offsetKey,
            dueAt: at,
            sendAt: at,
            dedupeKey: catchUpKey,
            reason: 'passed',
          });
        }
      }
    }
  }
  sends.sort(
    (a, b) =>
      a.sendAt.getTime() - b.sendAt.getTime() ||
      byText(a.recipientKey, b.recipientKey) ||
      byText(a.channel, b.channel),
  );
  return { ...key, sends, skipped };
}

/**
 * Plans every reminder for one version of a hearing. Pure: same input, same plan.
 * A hearing that is not 'scheduled' (cancelled, completed) plans nothing, so diffing cancels what was left.
 */
export function planHearingReminders(input: PlanHearingRemindersInput): ReminderPlan<PlannedHearingReminder> {
  const { hearing, now } = input;
  const policy = input.policy ?? DEFAULT_REMINDER_POLICY;
  const sendAheadMs = input.sendAheadMs ?? 0;
  assertReminderPolicy(policy);
  assertSendAhead(sendAheadMs);
  assertInstant(hearing.startsAt, `Hearing ${hearing.id} startsAt`);
  assertInstant(now, 'now');
  if (!Number.isInteger(hearing.version) || hearing.version < 0) {
    throw new RangeError(`Hearing ${hearing.id} version must be a whole number ≥ 0`);
  }
  assertKnownTimeZone(hearing.courtZone, `Hearing ${hearing.id} court`);
  validateRecipients(input.recipients);
  const key: KeyBase = {
    subjectKind: 'hearing',
    subjectId: hearing.id,
    subjectVersion: hearingVersionToken(hearing.version),
  };
  if (hearing.status !== 'scheduled') return { ...key, sends: [], skipped: [] };
  const anchor: Anchor = {
    instant: hearing.startsAt,
    courtZone: hearing.courtZone,
    dayIn: (zone) => localDateOf(hearing.startsAt, zone),
  };
  return planSubject({
    key,
    anchor,
    offsets: policy.hearing,
    recipients: input.recipients,
    policy,
    now,
    sendAheadMs,
    catchUpSettleMs: input.catchUpSettleMs,
    build: (base) => ({
      ...base,
      subjectKind: 'hearing',
      hearingId: hearing.id,
      hearingVersion: hearing.version,
    }),
  });
}

/**
 * Plans every reminder for one computation of a deadline. Offsets count back from the end of the
 * `remindBy` day in the court's zone; `localTime` offsets from the `remindBy` date itself.
 * Only an 'open' deadline plans anything. Which roles hear about it depends on `actor` (policy data).
 */
export function planDeadlineReminders(
  input: PlanDeadlineRemindersInput,
): ReminderPlan<PlannedDeadlineReminder> {
  const { deadline, now } = input;
  const policy = input.policy ?? DEFAULT_REMINDER_POLICY;
  const sendAheadMs = input.sendAheadMs ?? 0;
  assertReminderPolicy(policy);
  assertSendAhead(sendAheadMs);
  assertInstant(now, 'now');
  parseCalendarDate(deadline.dueDate);
  parseCalendarDate(deadline.remindBy);
  assertKnownTimeZone(deadline.courtZone, `Deadline ${deadline.id} court`);
  if (!(deadline.actor in policy.deadline)) {
    throw new RangeError(`Deadline ${deadline.id} has unknown actor "${deadline.actor}"`);
  }
  validateRecipients(input.recipients);
  const key: KeyBase = {
    subjectKind: 'deadline',
    subjectId: deadline.id,
    subjectVersion: deadlineVersionToken(deadline.dueDate, deadline.remindBy),
  };
  if (deadline.status !== 'open') return { ...key, sends: [], skipped: [] };
  const anchor: Anchor = {
    // The end of the remind-by day. The last calendar date (9999-12-31) has no day after: anchor at its start.
    instant: instantAtClockTime(
      deadline.remindBy < LAST_CALENDAR_DATE ? addDays(deadline.remindBy, 1) : deadline.remindBy,
      '00:00',
      deadline.courtZone,
    ),
    courtZone: deadline.courtZone,
    dayIn: () => deadline.remindBy,
  };
  return planSubject({
    key,
    anchor,
    offsets: policy.deadline[deadline.actor],
    recipients: input.recipients,
    policy,
    now,
    sendAheadMs,
    catchUpSettleMs: input.catchUpSettleMs,
    build: (base) => ({
      ...base,
      subjectKind: 'deadline',
      deadlineId: deadline.id,
      ruleId: deadline.ruleId,
      dueDate: deadline.dueDate,
      remindBy: deadline.remindBy,
    }),
  });
}
