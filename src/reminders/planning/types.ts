import type { TemplateLanguage } from '../templates/languages';
import type { DeadlineActor, RecipientRole, ReminderSubjectKind } from './policy';
import type { CalendarDate } from '../../time';

export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ReminderRecipient {
  role: RecipientRole;
  /** Unique within one plan and stable over time, e.g. 'child:<id>', 'sponsor:<id>', 'attorney:<userId>'. */
  recipientKey: string;
  /** ISO 639-3 code of the language they read or speak ('spa', 'quc'). Never an EOIR code. */
  language: string;
  channels: readonly Channel[];
  /** IANA zone where the recipient is: quiet hours and "the morning of" are read on their clock. */
  timeZone: string;
  /** Channels stopped through a stop link; nothing more is planned there. */
  stoppedChannels?: readonly Channel[];
}

export type HearingStatus = 'scheduled' | 'completed' | 'cancelled';

export interface HearingToPlan {
  id: string;
  /** Bumped on every reschedule; part of every dedupe key. */
  version: number;
  startsAt: Date;
  /** IANA zone of the court where the hearing is held (the time on the notice is in this zone). */
  courtZone: string;
  status: HearingStatus;
}

export type DeadlineStatus = 'open' | 'met' | 'missed' | 'waived';

export interface DeadlineToPlan {
  id: string;
  ruleId: string;
  /** The legal due date, a calendar day in the court's zone. */
  dueDate: CalendarDate;
  /** The day reminders must have gone out by (the deadline engine rolls it to a business day). */
  remindBy: CalendarDate;
  courtZone: string;
  actor: DeadlineActor;
  status: DeadlineStatus;
}

export interface PlannedReminderBase {
  recipientRole: RecipientRole;
  recipientKey: string;
  channel: Channel;
  /** The recipient's own language (ISO 639-3). */
  language: string;
  /** The written template used; Spanish for e.g. K'iche'. */
  templateLanguage: TemplateLanguage;
  /** No written template in their language: the coordinator should also call them. */
  callNeeded: boolean;
  /** Stable id of the policy offset ('P14D', 'D0T0800', ...) or 'CATCHUP'. */
  offsetKey: string;
  /**
   * The send may go from this moment on (sendAt less the send-ahead window, never inside quiet hours), so that
   * a burst of reminders due at one moment has gone out by then rather than trickling out after it.
   */
  startAt: Date;
  /** When to send at the latest: `dueAt`, moved earlier out of quiet hours. Never after `dueAt`. */
  sendAt: Date;
  /** When the policy meant it to go, before quiet hours. */
  dueAt: Date;
  /** Sent because every planned reminder for this recipient and channel had already passed. */
  catchUp: boolean;
  /** Row identity and BullMQ job id; see dedupe-key.ts. */
  dedupeKey: string;
}

export interface PlannedHearingReminder extends PlannedReminderBase {
  subjectKind: 'hearing';
  hearingId: string;
  hearingVersion: number;
}

export interface PlannedDeadlineReminder extends PlannedReminderBase {
  subjectKind: 'deadline';
  deadlineId: string;
  ruleId: string;
  dueDate: CalendarDate;
  remindBy: CalendarDate;
}

export type PlannedReminder = PlannedHearingReminder | PlannedDeadlineReminder;

/**
 * 'passed': its send time is before `now` (an existing row for it is left to the processor).
 * 'same_time': quiet hours moved it onto the same minute as a reminder closer to the subject, which is kept.
 */
export type SkipReason = 'passed' | 'same_time';

export interface SkippedReminder {
  recipientKey: string;
  channel: Channel;
  offsetKey: string;
  dueAt: Date;
  sendAt: Date;
  dedupeKey: string;
  reason: SkipReason;
}

export interface ReminderPlan<S extends PlannedReminder = PlannedReminder> {
  subjectKind: ReminderSubjectKind;
  subjectId: string;
  subjectVersion: string;
  /** Ordered by sendAt, then recipientKey, then channel. */
  sends: S[];
  skipped: SkippedReminder[];
}
