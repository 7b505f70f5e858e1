import { BusinessCalendar, businessCalendarFor } from './business-calendar';
import {
  DayNumber,
  addYearsToDayNumber,
  assertTimeZone,
  describeDayNumber,
  formatDayNumber,
  instantMs,
  localDayNumber,
  parseCalendarDate,
} from '../../time';
import { DeadlineInputError } from './deadline-input-error';
import {
  CaseDeadlines,
  CaseSnapshot,
  ComputedDeadline,
  DeadlineNotice,
  HearingType,
  NoticeKind,
  PreHearingFilingDays,
  SourceStatus,
} from './model';
import { DEADLINE_RULES, DeadlineRule, TriggerKind } from './rules';
import {
  SIJS_STATE_AGE_LIMITS,
  SijsStateAgeLimit,
  UNLISTED_JURISDICTION_SIJS_AGE_LIMIT,
} from './sijs-age-limits';

export interface DeadlineOptions {
  /** Days before a master calendar hearing (default 15). */
  readonly masterHearingFilingDays?: PreHearingFilingDays;
  /** Days before an individual hearing (default 15; 30 where the 2021 policy is applied). Per jurisdiction. */
  readonly individualHearingFilingDays?: PreHearingFilingDays;
  /** Entries that replace SIJS_STATE_AGE_LIMITS ones, by USPS code (e.g. from Project Lifeline). */
  readonly sijsAgeLimits?: Readonly<Record<string, SijsStateAgeLimit>>;
  /** Age limit for a code in neither table (default 18, conservative: see sijs-age-limits.ts). */
  readonly unlistedJurisdictionSijsAgeLimit?: number;
  /** The rule set (default DEADLINE_RULES). */
  readonly rules?: readonly DeadlineRule[];
}

interface ResolvedOptions {
  readonly masterHearingFilingDays: number;
  readonly individualHearingFilingDays: number;
  readonly sijsAgeLimitOverrides: Readonly<Record<string, SijsStateAgeLimit>>;
  readonly unlistedJurisdictionSijsAgeLimit: number;
  readonly rules: readonly DeadlineRule[];
}

export const DEFAULT_PRE_HEARING_FILING_DAYS: PreHearingFilingDays = 15;

const DEFAULTS: ResolvedOptions = {
  masterHearingFilingDays: DEFAULT_PRE_HEARING_FILING_DAYS,
  individualHearingFilingDays: DEFAULT_PRE_HEARING_FILING_DAYS,
  sijsAgeLimitOverrides: {},
  unlistedJurisdictionSijsAgeLimit: UNLISTED_JURISDICTION_SIJS_AGE_LIMIT,
  rules: DEADLINE_RULES,
};

function resolveOptions(options: DeadlineOptions | undefined): ResolvedOptions {
  if (!options) return DEFAULTS;
  return {
    masterHearingFilingDays: options.masterHearingFilingDays ?? DEFAULTS.masterHearingFilingDays,
    individualHearingFilingDays: options.individualHearingFilingDays ?? DEFAULTS.individualHearingFilingDays,
    sijsAgeLimitOverrides: options.sijsAgeLimits ?? DEFAULTS.sijsAgeLimitOverrides,
    unlistedJurisdictionSijsAgeLimit:
      options.unlistedJurisdictionSijsAgeLimit ?? DEFAULTS.unlistedJurisdictionSijsAgeLimit,
    rules: options.rules ?? DEFAULTS.rules,
  };
}

function lookUpSijsAgeLimit(state: string, options: ResolvedOptions): SijsStateAgeLimit {
  const code = state.trim().toUpperCase();
  return (
    options.sijsAgeLimitOverrides[code] ??
    SIJS_STATE_AGE_LIMITS[code] ?? {
      state: code,
      name: code,
      ageLimit: options.unlistedJurisdictionSijsAgeLimit,
      sourceStatus: 'U',
      verified: false,
      source: 'jurisdiction not in the table: conservative default [U]',
    }
  );
}

/** The SIJS age limit for a child living in `state` (USPS code), with where it comes from. */
export function sijsAgeLimitFor(state: string, options?: DeadlineOptions): SijsStateAgeLimit {
  return lookUpSijsAgeLimit(state, resolveOptions(options));
}

/** One event that starts a clock, already a calendar date in the court's zone. */
interface Trigger {
  readonly ref: string;
  readonly day: DayNumber;
  /** 'the master hearing on Tue 2025-07-22 (America/New_York)' */
  readonly description: string;
  readonly hearingType?: HearingType;
}

function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  const suffix = ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** Per-call state: the case, its calendars and its triggers, each converted once. */
class CaseContext {
  readonly courtCalendar: BusinessCalendar;
  readonly asOfMs: number;
  readonly dateOfBirth: DayNumber | null;
  readonly lastArrival: DayNumber | null;
  private readonly triggerCache = new Map<TriggerKind, readonly Trigger[]>();

  constructor(
    readonly snapshot: CaseSnapshot,
    readonly options: ResolvedOptions,
  ) {
    assertTimeZone(snapshot.courtZone);
    this.courtCalendar = businessCalendarFor(snapshot.courtClosures);
    this.asOfMs = instantMs(snapshot.asOf, 'asOf');
    const { dateOfBirth, lastArrivalDate } = snapshot.child;
    this.dateOfBirth = dateOfBirth == null ? null : parseCalendarDate(dateOfBirth);
    this.lastArrival = lastArrivalDate == null ? null : parseCalendarDate(lastArrivalDate);
  }

  calendarFor(rule: DeadlineRule): BusinessCalendar {
    return rule.calendar === 'court' ? this.courtCalendar : BusinessCalendar.federal;
  }

  private courtDay(instant: Date, what: string): DayNumber {
    return localDayNumber(instantMs(instant, what), this.snapshot.courtZone);
  }

  private inZone(day: DayNumber): string {
    return `${describeDayNumber(day)} (${this.snapshot.courtZone})`;
  }

  triggers(kind: TriggerKind): readonly Trigger[] {
    let triggers = this.triggerCache.get(kind);
    if (!triggers) {
      triggers = this.collectTriggers(kind);
      this.triggerCache.set(kind, triggers);
    }
    return triggers;
  }

  private collectTriggers(kind: TriggerKind): readonly Trigger[] {
    const snapshot = this.snapshot;
    const triggers: Trigger[] = [];
    switch (kind) {
      case 'address_change':
        for (const change of snapshot.addressChanges ?? []) {
          const day = this.courtDay(change.changedAt, `address change ${change.id}`);
          const description = `the address change on ${this.inZone(day)}`;
          triggers.push({ ref: `address_change:${change.id}`, day, description });
        }
        break;
      case 'hearing':
        // Only hearings still ahead produce pre-hearing deadlines; cancelled or held ones produce none.
        for (const hearing of snapshot.hearings ?? []) {
          if (hearing.status !== 'scheduled') continue;
          if (instantMs(hearing.startsAt, `hearing ${hearing.id}`) <= this.asOfMs) continue;
          const day = this.courtDay(hearing.startsAt, `hearing ${hearing.id}`);
          const description = `the ${hearing.type} hearing on ${this.inZone(day)}`;
          triggers.push({ ref: `hearing:${hearing.id}`, day, description, hearingType: hearing.type });
        }
        break;
      case 'filing_received':
        for (const filing of snapshot.filingsReceived ?? []) {
          const day = this.courtDay(filing.receivedAt, `filing ${filing.id}`);
          const description = `the court's receipt of the filing on ${this.inZone(day)}`;
          triggers.push({ ref: `filing:${filing.id}`, day, description });
        }
        break;
      case 'ij_decision':
      case 'final_order':
      case 'in_absentia_order': {
        const label =
          kind === 'ij_decision'
            ? "the immigration judge's decision"
            : kind === 'final_order'
              ? 'the final order'
              : 'the in absentia order';
        for (const decision of snapshot.decisions ?? []) {
          if (decision.kind !== kind) continue;
          const day = this.courtDay(decision.decidedAt, `decision ${decision.id}`);
          triggers.push({
            ref: `decision:${decision.id}`,
            day,
            description: `${label} on ${this.inZone(day)}`,
          });
        }
        break;
      }
      case 'date_of_birth':
        if (this.dateOfBirth !== null) {
          const description = `birth on ${describeDayNumber(this.dateOfBirth)}`;
          triggers.push({ ref: 'child:date_of_birth', day: this.dateOfBirth, description });
        }
        break;
      case 'last_arrival':
        if (this.lastArrival !== null) {
          const description = `the last arrival on ${describeDayNumber(this.lastArrival)}`;
          triggers.push({ ref: 'child:last_arrival', day: this.lastArrival, description });
        }
        break;
    }
    return triggers;
  }
}

/** What a notice is about: a rule, or a computed deadline that a manual entry replaced. */
type NoticeSubject = Pick<DeadlineRule, 'id' | 'actor' | 'sourceStatus' | 'source'>;

function notice(
  subject: NoticeSubject,
  triggerRef: string,
  kind: NoticeKind,
  explanation: string,
  reviewOn: DayNumber | null = null,
  status: { sourceStatus: SourceStatus; source: string } = subject,
): DeadlineNotice {
  return {
    key: `${subject.id}@${triggerRef}`,
    ruleId: subject.id,
    triggerRef,
    kind,
    actor: subject.actor,
    explanation,
    reviewOn: reviewOn === null ? null : formatDayNumber(reviewOn),
    sourceStatus: status.sourceStatus,
    source: status.source,
  };
}

/** A child-level fact the rule's trigger needs but the snapshot lacks, with the reference a notice carries. */
function missingChildFact(kind: TriggerKind, context: CaseContext): { ref: string; fact: string } | null {
  if (kind === 'date_of_birth' && context.dateOfBirth === null) {
    return { ref: 'child:date_of_birth', fact: 'date of birth' };
  }
  if (kind === 'last_arrival' && context.lastArrival === null) {
    return { ref: 'child:last_arrival', fact: 'date of last arrival' };
  }
  return null;
}

interface Collected {
  readonly deadlines: ComputedDeadline[];
  readonly notices: DeadlineNotice[];
}

function notBusinessDay(calendar: BusinessCalendar, day: DayNumber): string {
  return `${describeDayNumber(day)}, not a business day (${calendar.nonBusinessReasonForDayNumber(day) ?? '?'})`;
}

function applyRule(rule: DeadlineRule, context: CaseContext, out: Collected): void {
  const { snapshot, options } = context;
  const scope = rule.appliesTo;
  if (scope.caseTypes && !scope.caseTypes.includes(snapshot.caseType)) return;

  if (rule.exemption?.when === 'designated_unaccompanied' && snapshot.child.designatedUnaccompanied) {
    // The exemption is a result in its own right: counsel sees why there is no date, and when to look again.
    const eighteenth = context.dateOfBirth === null ? null : addYearsToDayNumber(context.dateOfBirth, 18);
    out.notices.push(
      notice(rule, 'child:designation', 'exempt', rule.exemption.explanation, eighteenth, rule.exemption),
    );
    return;
  }

  const missing = missingChildFact(rule.triggerKind, context);
  if (missing) {
    const explanation = `${rule.title}: cannot be computed, the ${missing.fact} is not recorded.`;
    out.notices.push(notice(rule, missing.ref, 'missing_input', explanation));
    return;
  }

  for (const trigger of context.triggers(rule.triggerKind)) {
    if (
      scope.hearingTypes &&
      (trigger.hearingType === undefined || !scope.hearingTypes.includes(trigger.hearingType))
    ) {
      continue;
    }
    if (scope.nonDetainedOnly && snapshot.detained) {
      const explanation =
        `${rule.title}: detained docket, so the immigration judge sets this deadline for ${trigger.description}; ` +
        'enter the date the judge gives by hand.';
      out.notices.push(notice(rule, trigger.ref, 'set_by_court', explanation));
      continue;
    }
    const deadline = deadlineFor(rule, trigger, context, options);
    if ('kind' in deadline) out.notices.push(deadline);
    else out.deadlines.push(deadline);
  }
}

function deadlineFor(
  rule: DeadlineRule,
  trigger: Trigger,
  context: CaseContext,
  options: ResolvedOptions,
): ComputedDeadline | DeadlineNotice {
  let amount: number;
  let status: { sourceStatus: SourceStatus; source: string } = rule;
  let ageContext = '';
  const configured = rule.offset.amount;
  if (typeof configured === 'number') {
    amount = configured;
  } else if (configured === 'master_hearing_filing_days') {
    amount = options.masterHearingFilingDays;
  } else if (configured === 'individual_hearing_filing_days') {
    amount = options.individualHearingFilingDays;
  } else {
    const state = context.snapshot.child.state;
    if (!state) {
      const explanation = `${rule.title}: cannot be computed, the child's state of residence is not recorded.`;
      return notice(rule, trigger.ref, 'missing_input', explanation);
    }
    const limit = lookUpSijsAgeLimit(state, options);
    amount = limit.ageLimit;
    status = limit;
    const certainty = limit.verified ? 'verified' : `unverified [${limit.sourceStatus}]: ${limit.source}`;
    ageContext = ` (age limit ${limit.ageLimit} in ${limit.name}, ${certainty})`;
  }
  if (!Number.isInteger(amount) || amount < 0) {
    throw new DeadlineInputError(`rule ${rule.id}: offset must be a whole number, got ${amount}`);
  }

  const signed = rule.direction === 'after' ? amount : -amount;
  const computed =
    rule.offset.unit === 'days' ? trigger.day + signed : addYearsToDayNumber(trigger.day, signed);
  const calendar = context.calendarFor(rule);

  let due: DayNumber;
  let remindBy: DayNumber;
  let explanation: string;
  if (rule.roll === 'last_business_day_before') {
    // "Before the birthday": on the birthday the child has reached the age, so the last chance is the day
    // before, or the last business day before that.
    due = calendar.onOrBeforeDayNumber(computed - 1);
    remindBy = due;
    explanation =
      `${rule.title}. The ${ordinal(amount)} birthday is ${describeDayNumber(computed)}${ageContext}; ` +
      'on the birthday the child has already reached that age, so it is due the last business day before it: ' +
      `${describeDayNumber(due)}` +
      (due === computed - 1 ? '.' : ` (${notBusinessDay(calendar, computed - 1)}).`);
  } else {
    due = calendar.onOrAfterDayNumber(computed);
    // Reminders never lean on a roll to a later day.
    remindBy = calendar.onOrBeforeDayNumber(computed);
    const unit =
      rule.offset.unit === 'days' ? (amount === 1 ? 'day' : 'days') : amount === 1 ? 'year' : 'years';
    explanation = `${rule.title}: ${amount} ${unit} ${rule.direction} ${trigger.description} is `;
    if (due === computed) {
      explanation += `${describeDayNumber(computed)}.`;
    } else if (rule.roll === 'practice_manual_backward') {
      explanation +=
        `${notBusinessDay(calendar, computed)}; under the practice manual it is construed to fall on the next ` +
        `business day, ${describeDayNumber(due)} (closer to the hearing).`;
    } else {
      explanation += `${notBusinessDay(calendar, computed)}; it rolls to the next business day, ${describeDayNumber(due)}.`;
    }
    if (remindBy !== due) {
      explanation += ` Remind by ${describeDayNumber(remindBy)}, the last business day before that.`;
    }
  }

  return {
    key: `${rule.id}@${trigger.ref}`,
    ruleId: rule.id,
    origin: 'rule',
    triggerKind: rule.triggerKind,
    triggerRef: trigger.ref,
    triggerDate: formatDayNumber(trigger.day),
    computedDate: formatDayNumber(computed),
    dueDate: formatDayNumber(due),
    remindBy: formatDayNumber(remindBy),
    actor: rule.actor,
    title: rule.title,
    explanation,
    sourceStatus: status.sourceStatus,
    source: status.source,
  };
}

export const MANUAL_RULE_ID = 'manual';

const MANUAL_SOURCE_STATUS: SourceStatus = 'S';
const MANUAL_SOURCE =
  'set by hand (e.g. by the immigration judge); weekend/holiday roll per ICPM as summarised by lawi.us';

function applyManualDeadlines(context: CaseContext, out: Collected): void {
  const calendar = context.courtCalendar;
  for (const manual of context.snapshot.manualDeadlines ?? []) {
    const set = parseCalendarDate(manual.dueOn);
    // A date set to a specific day that is not a business day moves to the next business day (ICPM) [S].
    const due = calendar.onOrAfterDayNumber(set);
    const remindBy = calendar.onOrBeforeDayNumber(set);
    let explanation = `${manual.title}: set by hand for ${describeDayNumber(set)}`;
    explanation +=
      due === set
        ? '.'
        : `, ${notBusinessDay(calendar, set)}; a date set for a day that is not a business day moves to the ` +
          `next business day, ${describeDayNumber(due)}. Remind by ${describeDayNumber(remindBy)}.`;
    const triggerRef = `manual:${manual.id}`;
    const replacedKey = manual.replaces ? `${manual.replaces.ruleId}@${manual.replaces.triggerRef}` : null;
    const index =
      replacedKey === null ? -1 : out.deadlines.findIndex((deadline) => deadline.key === replacedKey);
    if (index >= 0) {
      // Where a judge sets a date, that date wins (deadline-rules.md); the computed one stays visible as a notice.
      const [replaced] = out.deadlines.splice(index, 1);
      explanation += ` Replaces the computed deadline of ${replaced.dueDate} (${replaced.ruleId}).`;
      const text =
        `${replaced.title}: the computed date ${replaced.dueDate} is replaced by the deadline set by hand ` +
        `(${triggerRef}), due ${formatDayNumber(due)}.`;
      const subject = { ...replaced, id: replaced.ruleId };
      out.notices.push(notice(subject, replaced.triggerRef, 'overridden_by_manual', text));
    }
    out.deadlines.push({
      key: `${MANUAL_RULE_ID}@${triggerRef}`,
      ruleId: MANUAL_RULE_ID,
      origin: 'manual',
      triggerKind: MANUAL_RULE_ID,
      triggerRef,
      triggerDate: manual.dueOn,
      computedDate: manual.dueOn,
      dueDate: formatDayNumber(due),
      remindBy: formatDayNumber(remindBy),
      actor: manual.actor,
      title: manual.title,
      explanation,
      sourceStatus: MANUAL_SOURCE_STATUS,
      source: MANUAL_SOURCE,
    });
  }
}

function byDueDateThenKey(a: ComputedDeadline, b: ComputedDeadline): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function byKey(a: DeadlineNotice, b: DeadlineNotice): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Every deadline of one case, computed from scratch: deterministic (same snapshot and options, same output)
 * and pure (no clock, no I/O; `asOf` comes in with the snapshot). Throws DeadlineInputError on malformed input.
 */
export function computeCaseDeadlines(snapshot: CaseSnapshot, options?: DeadlineOptions): CaseDeadlines {
  const context = new CaseContext(snapshot, resolveOptions(options));
  const out: Collected = { deadlines: [], notices: [] };
  for (const rule of context.options.rules) applyRule(rule, context, out);
  applyManualDeadlines(context, out);
  out.deadlines.sort(byDueDateThenKey);
  out.notices.sort(byKey);
  return { caseId: snapshot.caseId, deadlines: out.deadlines, notices: out.notices };
}
