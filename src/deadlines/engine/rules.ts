import { Actor, CaseType, HearingType, SourceStatus } from './model';

/**
 * The legal deadline rules, as data (data/reference/deadline-rules.md has the sources and open questions).
 * The engine interprets these generically; a rule can be changed or dropped by passing `rules` in the options.
 */

export type TriggerKind =
  | 'address_change'
  | 'hearing'
  | 'filing_received'
  | 'ij_decision'
  | 'final_order'
  | 'in_absentia_order'
  | 'date_of_birth'
  | 'last_arrival';

/**
 * How a computed date that is not a business day becomes the legal date.
 * - `next_business_day`: forward periods (and dates set by a judge) roll later to the next business day.
 * - `practice_manual_backward`: for "N days before the hearing" the Immigration Court Practice Manual says a
 *   weekend or holiday is "construed to fall on the next business day", i.e. later, closer to the hearing.
 *   Same arithmetic as `next_business_day`; kept apart because it reads differently and is less certain.
 * - `last_business_day_before`: "before the birthday": the last business day strictly before the computed
 *   date, since on the birthday itself the child has already reached the age.
 */
export type RollConvention = 'next_business_day' | 'practice_manual_backward' | 'last_business_day_before';

/**
 * Which closed days count. `court`: weekends, federal holidays and the court's closures (EOIR filings).
 * `federal`: weekends and federal holidays only (USCIS and state-court filings, which an immigration court's
 * closure does not affect).
 */
export type RuleCalendar = 'court' | 'federal';

/** Offsets read from the options (or the SIJS table) rather than fixed in the rule. */
export type ConfigurableAmount =
  'master_hearing_filing_days' | 'individual_hearing_filing_days' | 'sijs_state_age_limit';

export interface RuleOffset {
  readonly amount: number | ConfigurableAmount;
  readonly unit: 'days' | 'years';
}

export interface RuleScope {
  /** Case types the rule applies to; all when absent. */
  readonly caseTypes?: readonly CaseType[];
  /** For hearing rules: the hearing types that start the clock. */
  readonly hearingTypes?: readonly HearingType[];
  /** Detained dockets get their filing deadlines from the court (EOIR Appendix C): a notice instead. */
  readonly nonDetainedOnly?: boolean;
}

/** A condition under which the rule yields no deadline by law, with the explanation shown instead. */
export interface RuleExemption {
  readonly when: 'designated_unaccompanied';
  readonly explanation: string;
  readonly sourceStatus: SourceStatus;
  readonly source: string;
}

export interface DeadlineRule {
  readonly id: string;
  readonly title: string;
  readonly triggerKind: TriggerKind;
  readonly appliesTo: RuleScope;
  readonly offset: RuleOffset;
  readonly direction: 'after' | 'before';
  readonly roll: RollConvention;
  readonly calendar: RuleCalendar;
  readonly actor: Actor;
  readonly sourceStatus: SourceStatus;
  readonly source: string;
  /** Caveats a coordinator should know (conflicting sources, exceptions). */
  readonly note?: string;
  readonly exemption?: RuleExemption;
}

export const RULE_IDS = {
  changeOfAddress: 'eoir33_change_of_address',
  filingBeforeMasterHearing: 'filing_before_master_hearing',
  filingBeforeIndividualHearing: 'filing_before_individual_hearing',
  responseToFiling: 'response_to_filing',
  biaAppeal: 'bia_appeal',
  motionToReconsider: 'motion_to_reconsider',
  motionToReopen: 'motion_to_reopen',
  inAbsentiaRescission: 'in_absentia_rescission',
  sijsStateCourtOrder: 'sijs_state_court_order',
  sijsI360: 'sijs_i360_petition',
  asylumOneYear: 'asylum_one_year',
} as const;

export const DEADLINE_RULES: readonly DeadlineRule[] = [
  {
    id: RULE_IDS.changeOfAddress,
    title: 'File Form EOIR-33/IC (change of address)',
    triggerKind: 'address_change',
    appliesTo: {},
    offset: { amount: 5, unit: 'days' },
    direction: 'after',
    roll: 'next_business_day',
    calendar: 'court',
    actor: 'family',
    sourceStatus: 'V',
    source: 'EOIR Appendix C: 5 days after a change of address or telephone number (ICPM 2.2(c)-(d))',
    note:
      'Hearing notices go to the address on file. For a case on appeal the EOIR-33/BIA instructions say ' +
      '"five (5) working days" [S]. ICE must be told separately.',
  },
  {
    id: RULE_IDS.filingBeforeMasterHearing,
    title: 'Filings due before the master calendar hearing',
    triggerKind: 'hearing',
    appliesTo: { hearingTypes: ['master'], nonDetainedOnly: true },
    offset: { amount: 'master_hearing_filing_days', unit: 'days' },
    direction: 'before',
    roll: 'practice_manual_backward',
    calendar: 'court',
    actor: 'counsel',
    sourceStatus: 'V',
    source: 'EOIR Appendix C; ICPM 3.1(b)(1): 15 days before a master calendar hearing (non-detained)',
    note: 'A later filing can be made in open court. Backward roll per ICPM 3.1(c)(2) as quoted [S].',
  },
  {
    id: RULE_IDS.filingBeforeIndividualHearing,
    title: 'Filings due before the individual (merits) hearing',
    triggerKind: 'hearing',
    appliesTo: { hearingTypes: ['individual'], nonDetainedOnly: true },
    offset: { amount: 'individual_hearing_filing_days', unit: 'days' },
    direction: 'before',
    roll: 'practice_manual_backward',
    calendar: 'court',
    actor: 'counsel',
    sourceStatus: 'V',
    source: 'EOIR Shared Appendix C; ICPM 3.1(b)(2): 15 days before an individual hearing (non-detained)',
    note:
      'Conflict: the EOIR Policy Manual appendix still shows 30 days (2021 change); CLINIC reports 15 restored ' +
      'on 2022-08-26 [S]. Configurable per jurisdiction; re-check ICPM 3.1(b)(2). Rebuttal exhibits exempt.',
  },
  {
    id: RULE_IDS.responseToFiling,
    title: 'Response to a filing received by the court',
    triggerKind: 'filing_received',
    appliesTo: { nonDetainedOnly: true },
    offset: { amount: 10, unit: 'days' },
    direction: 'after',
    roll: 'next_business_day',
    calendar: 'court',
    actor: 'counsel',
    sourceStatus: 'V',
    source: 'EOIR Appendix C; ICPM 3.1(b)(1): responses 10 days after the filing is received',
    note: 'If the filing came less than 15 days before the master hearing, the response may be made at the hearing.',
  },
  {
    id: RULE_IDS.biaAppeal,
    title: 'Appeal to the BIA (Form EOIR-26) must be received',
    triggerKind: 'ij_decision',
    appliesTo: {},
    offset: { amount: 30, unit: 'days' },
    direction: 'after',
    roll: 'next_business_day',
    calendar: 'court',
    actor: 'counsel',
    sourceStatus: 'V',
    source: '8 CFR 1240.15, 1003.38(b)-(c); ICPM 6.2(b); BIA Practice Manual 4.5 (received by the BIA)',
    note:
      'Runs from an oral decision, not from a later summary memo (Matter of Iskandarani, 2025) [S]. ' +
      'In absentia orders are not appealable.',
  },
  {
    id: RULE_IDS.motionToReconsider,
    title: 'Motion to reconsider',
    triggerKind: 'final_order',
    appliesTo: {},
    offset: { amount: 30, unit: 'days' },
    direction: 'after',
    roll: 'next_business_day',
    calendar: 'court',
    actor: 'counsel',
    sourceStatus: 'U',
    source: 'EOIR Appendix C (entry truncated where read); 30 days believed to match 8 CFR 1003.23(b)(1)',
  },
  {
    id: RULE_IDS.motionToReopen,
    title: 'Motion to reopen',
    triggerKind: 'final_order',
    appliesTo: {},
    offset: { amount: 90, unit: 'days' },
    direction: 'after',
    roll: 'next_business_day',
    calendar: 'court',
    actor: 'counsel',
    sourceStatus: 'V',
    source: 'EOIR Appendix C: 90 days after the final administrative order (with exceptions)',
  },
  {
    id: RULE_IDS.inAbsentiaRescission,
    title: 'Motion to reopen to rescind the in absentia order (exceptional circumstances)',
    triggerKind: 'in_absentia_order',
    appliesTo: {},
    offset: { amount: 180, unit: 'days' },
    direction: 'after',
    roll: 'next_business_day',
    calendar: 'court',
    actor: 'counsel',
    sourceStatus: 'V',
    source: 'ICPM 5.9; INA 240(b)(5)(C)(i) [S]: within 180 days of the order',
    note: 'If the child did not receive notice (or was in custody through no fault of their own): any time [S].',
  },
  {
    id: RULE_IDS.sijsStateCourtOrder,
    title: "SIJS predicate order must be issued by the state court before the state's age limit",
    triggerKind: 'date_of_birth',
    appliesTo: { caseTypes: ['sijs'] },
    offset: { amount: 'sijs_state_age_limit', unit: 'years' },
    direction: 'after',
    roll: 'last_business_day_before',
    calendar: 'federal',
    actor: 'counsel',
    // The status shown on a deadline is the state's entry in SIJS_STATE_AGE_LIMITS, not this one.
    sourceStatus: 'S',
    source:
      'deadline-rules.md §11; per-state age limits in SIJS_STATE_AGE_LIMITS (maintained: projectlifeline.us)',
    note:
      '[U] Due on the last business day before the birthday at the age limit, counting federal holidays only: ' +
      "state-court holidays are not modelled, so confirm the court's calendar.",
  },
  {
    id: RULE_IDS.sijsI360,
    title: 'File Form I-360 (SIJ petition) before the 21st birthday',
    triggerKind: 'date_of_birth',
    appliesTo: { caseTypes: ['sijs'] },
    offset: { amount: 21, unit: 'years' },
    direction: 'after',
    roll: 'last_business_day_before',
    calendar: 'federal',
    actor: 'counsel',
    sourceStatus: 'V',
    source: '8 CFR 204.11(b); USCIS Policy Manual Vol. 6 Part J ch. 2 (filed before 21: no age-out)',
    note:
      '[U] Due on the last business day before the 21st birthday (filing on the birthday is too late). ' +
      'Near the birthday USCIS has allowed in-person filing appointments [S]. The predicate order must exist first.',
  },
  {
    id: RULE_IDS.asylumOneYear,
    title: 'File the asylum application (one-year deadline)',
    triggerKind: 'last_arrival',
    appliesTo: { caseTypes: ['asylum', 'removal_defense'] },
    offset: { amount: 1, unit: 'years' },
    direction: 'after',
    roll: 'next_business_day',
    calendar: 'court',
    actor: 'counsel',
    sourceStatus: 'U',
    source:
      'INA 208(a)(2)(B); 8 CFR 1208.4(a)(2): one year after the last arrival (counting convention unverified)',
    exemption: {
      when: 'designated_unaccompanied',
      explanation:
        'No one-year asylum deadline: a child designated an unaccompanied child is exempt (INA 208(a)(2)(E), ' +
        "TVPRA 2008), and USCIS has initial jurisdiction over a UC's asylum application (INA 208(b)(3)(C)). " +
        'Counsel should review if the child turns 18, is reunited with a parent, or the UC designation is questioned.',
      sourceStatus: 'S',
      source: 'CLINIC/KIND practice advisory (Feb 2020); deadline-rules.md §10',
    },
  },
];
