/**
 * A deliberately plain reference implementation of the deadline engine, used as the oracle by the property
 * tests and the benchmark. It shares no logic with src/deadlines/engine: dates are JS Dates at UTC midnight,
 * periods are walked one day at a time, a holiday is recognised by looking at the day itself (is it the third
 * Monday of January? a Friday before a 4 July that is a Saturday?), instants become dates through
 * Intl.DateTimeFormat#formatToParts, and the rules are written out longhand from deadline-rules.md.
 * Only the SIJS age table (data, not logic) and the input/output types come from the engine.
 *
 * Slow on purpose: clarity over speed.
 */
import { addYears } from 'date-fns';
import { tz } from '@date-fns/tz';
import {
  CaseDeadlines,
  CaseSnapshot,
  DeadlineOptions,
  SIJS_STATE_AGE_LIMITS,
} from '../../src/deadlines/engine';

// ---------------------------------------------------------------------------------------------- dates

/** 'YYYY-MM-DD' -> Date at 00:00 UTC that day. */
export function referenceDate(text: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new Error(`bad date ${text}`);
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (date.toISOString().slice(0, 10) !== text) throw new Error(`no such date ${text}`);
  return date;
}

export function ymd(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function nextDay(date: Date): Date {
  const next = new Date(date.getTime());
  next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

function previousDay(date: Date): Date {
  const previous = new Date(date.getTime());
  previous.setUTCDate(previous.getUTCDate() - 1);
  return previous;
}

function walkForward(date: Date, days: number): Date {
  let current = date;
  for (let step = 0; step < days; step++) current = nextDay(current);
  return current;
}

function walkBackward(date: Date, days: number): Date {
  let current = date;
  for (let step = 0; step < days; step++) current = previousDay(current);
  return current;
}

/** The same month and day `years` later; 29 February becomes 28 February (date-fns clamps the same way). */
function plusYears(date: Date, years: number): Date {
  return new Date(addYears(date, years, { in: tz('UTC') }).getTime());
}

// ------------------------------------------------------------------------------------------ time zones

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date in `timeZone` at `instant`, read off Intl's own rendering of it. */
export function referenceLocalDate(instant: Date, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const part = (type: string): string => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

// ------------------------------------------------------------------------------------------- holidays

/** A statutory holiday on its own date (before any weekend observance), 5 U.S.C. 6103(a). */
function isStatutoryHoliday(date: Date): boolean {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  const weekday = date.getUTCDay();
  const monday = weekday === 1;
  if (month === 1 && day === 1) return true; // New Year's Day
  if (month === 1 && monday && day >= 15 && day <= 21) return true; // third Monday: MLK Day
  if (month === 2 && monday && day >= 15 && day <= 21) return true; // third Monday: Washington's Birthday
  if (month === 5 && monday && day >= 25) return true; // last Monday: Memorial Day
  if (month === 6 && day === 19 && year >= 2021) return true; // Juneteenth, from 2021
  if (month === 7 && day === 4) return true; // Independence Day
  if (month === 9 && monday && day <= 7) return true; // first Monday: Labor Day
  if (month === 10 && monday && day >= 8 && day <= 14) return true; // second Monday: Columbus Day
  if (month === 11 && day === 11) return true; // Veterans Day
  if (month === 11 && weekday === 4 && day >= 22 && day <= 28) return true; // fourth Thursday: Thanksgiving
  if (month === 12 && day === 25) return true; // Christmas Day
  return false;
}

/** Only these can fall on a weekend; the weekday-based ones never do. */
function isFixedDateHoliday(date: Date): boolean {
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  if (month === 6 && day === 19) return date.getUTCFullYear() >= 2021;
  return (
    (month === 1 && day === 1) ||
    (month === 7 && day === 4) ||
    (month === 11 && day === 11) ||
    (month === 12 && day === 25)
  );
}

/** Offices are closed for a federal holiday on this day (Saturday holidays on Friday, Sunday ones on Monday). */
export function referenceIsFederalHoliday(date: Date): boolean {
  const weekday = date.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  if (isStatutoryHoliday(date)) return true;
  if (weekday === 5 && isFixedDateHoliday(nextDay(date)) && nextDay(date).getUTCDay() === 6) return true;
  if (weekday === 1 && isFixedDateHoliday(previousDay(date)) && previousDay(date).getUTCDay() === 0)
    return true;
  return false;
}

/** Every observed federal holiday in `year`, found by looking at each of its days. */
export function referenceFederalHolidays(year: number): string[] {
  const found: string[] = [];
  for (let date = new Date(Date.UTC(year, 0, 1)); date.getUTCFullYear() === year; date = nextDay(date)) {
    if (referenceIsFederalHoliday(date)) found.push(ymd(date));
  }
  return found;
}

export function referenceIsBusinessDay(date: Date, closures: ReadonlySet<string>): boolean {
  const weekday = date.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  if (referenceIsFederalHoliday(date)) return false;
  return !closures.has(ymd(date));
}

function firstBusinessDayFrom(date: Date, closures: ReadonlySet<string>): Date {
  let current = date;
  while (!referenceIsBusinessDay(current, closures)) current = nextDay(current);
  return current;
}

function lastBusinessDayUpTo(date: Date, closures: ReadonlySet<string>): Date {
  let current = date;
  while (!referenceIsBusinessDay(current, closures)) current = previousDay(current);
  return current;
}

// ----------------------------------------------------------------------------------------------- rules

/** The parts of a result that carry legal meaning (explanation texts are checked by the unit tests). */
export interface ComparableDeadline {
  key: string;
  ruleId: string;
  origin: 'rule' | 'manual';
  triggerRef: string;
  triggerDate: string;
  computedDate: string;
  dueDate: string;
  remindBy: string;
  actor: string;
}

export interface ComparableNotice {
  key: string;
  kind: string;
  actor: string;
  reviewOn: string | null;
}

export interface ComparableResult {
  caseId: string;
  deadlines: ComparableDeadline[];
  notices: ComparableNotice[];
}

/** The engine's result reduced to what the reference computes. */
export function comparable(result: CaseDeadlines): ComparableResult {
  return {
    caseId: result.caseId,
    deadlines: result.deadlines.map((deadline) => ({
      key: deadline.key,
      ruleId: deadline.ruleId,
      origin: deadline.origin,
      triggerRef: deadline.triggerRef,
      triggerDate: deadline.triggerDate,
      computedDate: deadline.computedDate,
      dueDate: deadline.dueDate,
      remindBy: deadline.remindBy,
      actor: deadline.actor,
    })),
    notices: result.notices.map((notice) => ({
      key: notice.key,
      kind: notice.kind,
      actor: notice.actor,
      reviewOn: notice.reviewOn,
    })),
  };
}

/** The reference computation of every deadline of one case (default rules only). */
export function referenceCaseDeadlines(
  snapshot: CaseSnapshot,
  options: DeadlineOptions = {},
): ComparableResult {
  if (options.rules) throw new Error('the reference knows only the default rules');
  const zone = snapshot.courtZone;
  const courtClosures = new Set(snapshot.courtClosures ?? []);
  const noClosures = new Set<string>();
  const detained = snapshot.detained === true;
  const deadlines: ComparableDeadline[] = [];
  const notices: ComparableNotice[] = [];

  function addDeadline(
    ruleId: string,
    triggerRef: string,
    triggerDate: Date,
    computed: Date,
    due: Date,
    remindBy: Date,
    actor: string,
  ): void {
    deadlines.push({
      key: `${ruleId}@${triggerRef}`,
      ruleId,
      origin: 'rule',
      triggerRef,
      triggerDate: ymd(triggerDate),
      computedDate: ymd(computed),
      dueDate: ymd(due),
      remindBy: ymd(remindBy),
      actor,
    });
  }

  /** "Within N days after": day N; a closed day moves it to the next open day; remind by the open day before. */
  function daysAfter(ruleId: string, triggerRef: string, trigger: Date, days: number, actor: string): void {
    const computed = walkForward(trigger, days);
    const due = firstBusinessDayFrom(computed, courtClosures);
    const remindBy = lastBusinessDayUpTo(computed, courtClosures);
    addDeadline(ruleId, triggerRef, trigger, computed, due, remindBy, actor);
  }

  function addNotice(key: string, kind: string, actor: string, reviewOn: string | null): void {
    notices.push({ key, kind, actor, reviewOn });
  }

  // §1 EOIR-33: 5 days after the move, counted in the court's zone.
  for (const change of snapshot.addressChanges ?? []) {
    const trigger = referenceDate(referenceLocalDate(change.changedAt, zone));
    daysAfter('eoir33_change_of_address', `address_change:${change.id}`, trigger, 5, 'family');
  }

  // §2 and §4: filings N days before a master or individual hearing still to come.
  for (const hearing of snapshot.hearings ?? []) {
    if (hearing.status !== 'scheduled') continue;
    if (!(hearing.startsAt.getTime() > snapshot.asOf.getTime())) continue;
    if (hearing.type !== 'master' && hearing.type !== 'individual') continue;
    const ruleId =
      hearing.type === 'master' ? 'filing_before_master_hearing' : 'filing_before_individual_hearing';
    const triggerRef = `hearing:${hearing.id}`;
    if (detained) {
      addNotice(`${ruleId}@${triggerRef}`, 'set_by_court', 'counsel', null);
      continue;
    }
    const days =
      hearing.type === 'master'
        ? (options.masterHearingFilingDays ?? 15)
        : (options.individualHearingFilingDays ?? 15);
    const hearingDay = referenceDate(referenceLocalDate(hearing.startsAt, zone));
    const computed = walkBackward(hearingDay, days);
    // Practice manual: a closed day is construed to fall on the NEXT business day; remind by the one before.
    const due = firstBusinessDayFrom(computed, courtClosures);
    const remindBy = lastBusinessDayUpTo(computed, courtClosures);
    addDeadline(ruleId, triggerRef, hearingDay, computed, due, remindBy, 'counsel');
  }

  // §3 and §5: responses 10 days after the court receives a filing.
  for (const filing of snapshot.filingsReceived ?? []) {
    const triggerRef = `filing:${filing.id}`;
    if (detained) {
      addNotice(`response_to_filing@${triggerRef}`, 'set_by_court', 'counsel', null);
      continue;
    }
    const trigger = referenceDate(referenceLocalDate(filing.receivedAt, zone));
    daysAfter('response_to_filing', triggerRef, trigger, 10, 'counsel');
  }

  // §6, §7, §8: decisions.
  for (const decision of snapshot.decisions ?? []) {
    const trigger = referenceDate(referenceLocalDate(decision.decidedAt, zone));
    const triggerRef = `decision:${decision.id}`;
    if (decision.kind === 'ij_decision') daysAfter('bia_appeal', triggerRef, trigger, 30, 'counsel');
    if (decision.kind === 'final_order') {
      daysAfter('motion_to_reconsider', triggerRef, trigger, 30, 'counsel');
      daysAfter('motion_to_reopen', triggerRef, trigger, 90, 'counsel');
    }
    if (decision.kind === 'in_absentia_order')
      daysAfter('in_absentia_rescission', triggerRef, trigger, 180, 'counsel');
  }

  const birth = snapshot.child.dateOfBirth ? referenceDate(snapshot.child.dateOfBirth) : null;

  // §11 and §12: SIJS, both due the last weekday-not-holiday strictly before a birthday.
  if (snapshot.caseType === 'sijs') {
    const beforeBirthday = (ruleId: string, age: number): void => {
      if (!birth) return;
      const birthday = plusYears(birth, age);
      const due = lastBusinessDayUpTo(previousDay(birthday), noClosures);
      addDeadline(ruleId, 'child:date_of_birth', birth, birthday, due, due, 'counsel');
    };
    if (!birth) {
      addNotice('sijs_state_court_order@child:date_of_birth', 'missing_input', 'counsel', null);
      addNotice('sijs_i360_petition@child:date_of_birth', 'missing_input', 'counsel', null);
    } else {
      const state = snapshot.child.state?.trim().toUpperCase();
      if (!state) {
        addNotice('sijs_state_court_order@child:date_of_birth', 'missing_input', 'counsel', null);
      } else {
        const entry = options.sijsAgeLimits?.[state] ?? SIJS_STATE_AGE_LIMITS[state];
        beforeBirthday(
          'sijs_state_court_order',
          entry ? entry.ageLimit : (options.unlistedJurisdictionSijsAgeLimit ?? 18),
        );
      }
      beforeBirthday('sijs_i360_petition', 21);
    }
  }

  // §10: the one-year asylum deadline, which a designated unaccompanied child does not have.
  if (snapshot.caseType === 'asylum' || snapshot.caseType === 'removal_defense') {
    if (snapshot.child.designatedUnaccompanied) {
      addNotice(
        'asylum_one_year@child:designation',
        'exempt',
        'counsel',
        birth ? ymd(plusYears(birth, 18)) : null,
      );
    } else if (!snapshot.child.lastArrivalDate) {
      addNotice('asylum_one_year@child:last_arrival', 'missing_input', 'counsel', null);
    } else {
      const arrival = referenceDate(snapshot.child.lastArrivalDate);
      const computed = plusYears(arrival, 1);
      const due = firstBusinessDayFrom(computed, courtClosures);
      const remindBy = lastBusinessDayUpTo(computed, courtClosures);
      addDeadline('asylum_one_year', 'child:last_arrival', arrival, computed, due, remindBy, 'counsel');
    }
  }

  // Dates set by hand: a closed day moves to the next business day; one may replace a computed deadline.
  for (const manual of snapshot.manualDeadlines ?? []) {
    if (manual.replaces) {
      const replacedKey = `${manual.replaces.ruleId}@${manual.replaces.triggerRef}`;
      const index = deadlines.findIndex((deadline) => deadline.key === replacedKey);
      if (index >= 0) {
        const replaced = deadlines[index];
        deadlines.splice(index, 1);
        addNotice(replacedKey, 'overridden_by_manual', replaced.actor, null);
      }
    }
    const set = referenceDate(manual.dueOn);
    deadlines.push({
      key: `manual@manual:${manual.id}`,
      ruleId: 'manual',
      origin: 'manual',
      triggerRef: `manual:${manual.id}`,
      triggerDate: manual.dueOn,
      computedDate: manual.dueOn,
      dueDate: ymd(firstBusinessDayFrom(set, courtClosures)),
      remindBy: ymd(lastBusinessDayUpTo(set, courtClosures)),
      actor: manual.actor,
    });
  }

  deadlines.sort((a, b) =>
    a.dueDate + a.key < b.dueDate + b.key ? -1 : a.dueDate + a.key > b.dueDate + b.key ? 1 : 0,
  );
  notices.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { caseId: snapshot.caseId, deadlines, notices };
}
