import { CalendarDate } from '../../time';

/**
 * The engine's input (a snapshot of one case) and output. Plain data: the caller loads it from wherever it
 * lives and stores what comes back.
 */

export type CaseType = 'removal_defense' | 'asylum' | 'sijs' | 't_visa' | 'u_visa' | 'other';
export type HearingType = 'master' | 'individual' | 'bond' | 'other';
export type HearingStatus = 'scheduled' | 'completed' | 'cancelled';

/**
 * What a recorded decision is, for deadline purposes. Each kind is the trigger of its own rules:
 * - `ij_decision`: an appealable immigration-judge decision (oral: the day it is rendered; written: the day it
 *   is mailed or served electronically) -> BIA appeal.
 * - `final_order`: a final administrative order (BIA decision, or an IJ order that became final) -> motions to
 *   reconsider and to reopen.
 * - `in_absentia_order`: a removal order entered in absentia (not appealable) -> rescission motion.
 */
export type DecisionKind = 'ij_decision' | 'final_order' | 'in_absentia_order' | 'other';

/** Who must act by the deadline (reminders go to them first). */
export type Actor = 'family' | 'counsel' | 'coordinator';

/** deadline-rules.md legend: V primary source read, S secondary source only, U unverified. */
export type SourceStatus = 'V' | 'S' | 'U';

/** Days before a master or individual hearing by which filings are due: 15 by default, 30 under the 2021 policy. */
export type PreHearingFilingDays = 15 | 30;

export interface ChildSnapshot {
  /** Null while intake has not recorded it: age-based rules then yield a `missing_input` notice. */
  readonly dateOfBirth: CalendarDate | null;
  /** USPS code of the state or territory where the child lives: its courts make the SIJS predicate order. */
  readonly state: string | null;
  /** Designated an unaccompanied child (UC/UAC): exempt from the one-year asylum deadline. */
  readonly designatedUnaccompanied: boolean;
  /** Last arrival in the United States: starts the one-year asylum clock for a child not designated UC. */
  readonly lastArrivalDate?: CalendarDate | null;
}

export interface HearingSnapshot {
  readonly id: string;
  readonly type: HearingType;
  readonly startsAt: Date;
  readonly status: HearingStatus;
}

export interface AddressChangeSnapshot {
  readonly id: string;
  /** When the child moved (or changed phone number). */
  readonly changedAt: Date;
}

export interface FilingReceivedSnapshot {
  readonly id: string;
  /** The court's receipt (date stamp): there is no mailbox rule. */
  readonly receivedAt: Date;
}

export interface DecisionSnapshot {
  readonly id: string;
  readonly kind: DecisionKind;
  readonly decidedAt: Date;
}

/** A deadline a judge set (or anyone entered by hand): it wins over a computed one it `replaces`. */
export interface ManualDeadlineInput {
  readonly id: string;
  readonly title: string;
  readonly dueOn: CalendarDate;
  readonly actor: Actor;
  /** The computed deadline this one supersedes, e.g. the default filing deadline for the same hearing. */
  readonly replaces?: { readonly ruleId: string; readonly triggerRef: string };
}

export interface CaseSnapshot {
  readonly caseId: string;
  readonly caseType: CaseType;
  /** The moment of the computation (the caller's clock): only hearings after it get pre-hearing deadlines. */
  readonly asOf: Date;
  /** The court's IANA zone: every instant becomes a calendar date there. */
  readonly courtZone: string;
  /** Ad hoc closure dates of the court (weather, emergencies, executive-order days off). */
  readonly courtClosures?: readonly CalendarDate[];
  /** Detained docket: filing deadlines are set by the court, not by the defaults (EOIR Appendix C). */
  readonly detained?: boolean;
  readonly child: ChildSnapshot;
  readonly hearings?: readonly HearingSnapshot[];
  readonly addressChanges?: readonly AddressChangeSnapshot[];
  readonly filingsReceived?: readonly FilingReceivedSnapshot[];
  readonly decisions?: readonly DecisionSnapshot[];
  readonly manualDeadlines?: readonly ManualDeadlineInput[];
}

export interface ComputedDeadline {
  /** `${ruleId}@${triggerRef}`: stable across recomputations, so a store can upsert on it. */
  readonly key: string;
  readonly ruleId: string;
  /** 'rule' when computed, 'manual' when entered by hand (DESIGN: Deadline.source). */
  readonly origin: 'rule' | 'manual';
  readonly triggerKind: string;
  /** What started the clock: 'hearing:<id>', 'decision:<id>', 'child:date_of_birth', 'manual:<id>' … */
  readonly triggerRef: string;
  /** The trigger as a calendar date in the court's zone. */
  readonly triggerDate: CalendarDate;
  /** The date the offset gives, before any roll (for an age rule: the birthday itself). */
  readonly computedDate: CalendarDate;
  /** The legal deadline, a business day. */
  readonly dueDate: CalendarDate;
  /**
   * The business day reminders should aim for: the last business day on or before `computedDate`, so a
   * reminder never relies on a roll to a later day. Equals `dueDate` when nothing rolled.
   */
  readonly remindBy: CalendarDate;
  readonly actor: Actor;
  readonly title: string;
  /** One paragraph a coordinator can read: trigger, offset, roll and why. */
  readonly explanation: string;
  readonly sourceStatus: SourceStatus;
  readonly source: string;
}

export type NoticeKind =
  /** The rule does not apply to this child by law (e.g. no one-year asylum deadline for a UC). */
  | 'exempt'
  /** Detained docket: the judge sets the date; enter it by hand. */
  | 'set_by_court'
  /** A fact the rule needs is missing (date of birth, state, arrival date). */
  | 'missing_input'
  /** A deadline entered by hand replaced the computed one. */
  | 'overridden_by_manual';

/** A rule that produced no deadline, and why: shown to counsel as a task, never silently dropped. */
export interface DeadlineNotice {
  readonly key: string;
  readonly ruleId: string;
  readonly triggerRef: string;
  readonly kind: NoticeKind;
  readonly actor: Actor;
  readonly explanation: string;
  /** When the situation should be looked at again (e.g. a UC's 18th birthday), if known. */
  readonly reviewOn: CalendarDate | null;
  readonly sourceStatus: SourceStatus;
  readonly source: string;
}

export interface CaseDeadlines {
  readonly caseId: string;
  /** Sorted by due date, then key. */
  readonly deadlines: readonly ComputedDeadline[];
  /** Sorted by key. */
  readonly notices: readonly DeadlineNotice[];
}
