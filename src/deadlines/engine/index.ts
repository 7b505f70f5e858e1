/**
 * Amparo deadline engine: pure TypeScript (no Nest, no I/O, no clock), so it can be tested exhaustively.
 *
 * - Calendar dates are 'YYYY-MM-DD' strings; arithmetic runs on integer day numbers.
 * - An instant (a hearing's `startsAt`, a decision's time) becomes a date in the court's IANA zone
 *   (src/time); everything after that is zone-free. Dates, day numbers and zones are src/time's.
 * - A business day is not a weekend, not an observed federal holiday (5 U.S.C. 6103, Sat->Fri, Sun->Mon,
 *   including 1 January on a Saturday observed on 31 December of the year before), and not a court closure.
 * - Rules are data (DEADLINE_RULES). Forward periods that end on a non-business day roll to the next business
 *   day; "N days before a hearing" rolls the same way (practice manual: closer to the hearing); "before the
 *   Nth birthday" is due on the last business day before the birthday. Every deadline also carries
 *   `remindBy`, the last business day on or before the unrolled date, for reminders.
 *
 * Usage:
 *   const { deadlines, notices } = computeCaseDeadlines(snapshot, { individualHearingFilingDays: 15 });
 */
export type { CalendarDate, DayNumber, DayOfWeek } from '../../time';
export { DeadlineInputError } from './deadline-input-error';
export type { FederalHolidayRule, ObservedHoliday } from './federal-holidays';
export { FEDERAL_HOLIDAY_RULES, federalHolidays } from './federal-holidays';
export { BusinessCalendar, businessCalendarFor } from './business-calendar';
export type {
  Actor,
  AddressChangeSnapshot,
  CaseDeadlines,
  CaseSnapshot,
  CaseType,
  ChildSnapshot,
  ComputedDeadline,
  DeadlineNotice,
  DecisionKind,
  DecisionSnapshot,
  FilingReceivedSnapshot,
  HearingSnapshot,
  HearingStatus,
  HearingType,
  ManualDeadlineInput,
  NoticeKind,
  PreHearingFilingDays,
  SourceStatus,
} from './model';
export type {
  ConfigurableAmount,
  DeadlineRule,
  RollConvention,
  RuleCalendar,
  RuleExemption,
  RuleOffset,
  RuleScope,
  TriggerKind,
} from './rules';
export { DEADLINE_RULES, RULE_IDS } from './rules';
export type { SijsStateAgeLimit } from './sijs-age-limits';
export { SIJS_STATE_AGE_LIMITS, UNLISTED_JURISDICTION_SIJS_AGE_LIMIT } from './sijs-age-limits';
export type { DeadlineOptions } from './compute';
export {
  DEFAULT_PRE_HEARING_FILING_DAYS,
  MANUAL_RULE_ID,
  computeCaseDeadlines,
  sijsAgeLimitFor,
} from './compute';
