/** Legal matters a child can have. */
export const CASE_TYPES = ['removal_defense', 'asylum', 'sijs', 't_visa', 'u_visa', 'other'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CASE_STATUSES = ['intake', 'seeking_counsel', 'offered', 'represented', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * The case status machine. `offered` and `represented` are reached through offers (an attorney accepting),
 * never set by hand; an offer declined, expired or withdrawn returns the case to `seeking_counsel`, and so does
 * counsel withdrawing from a represented case. Any open case can be closed; a closed case can be reopened
 * into intake.
 */
export const CASE_TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  intake: ['seeking_counsel', 'closed'],
  seeking_counsel: ['offered', 'represented', 'closed'],
  offered: ['seeking_counsel', 'represented', 'closed'],
  represented: ['seeking_counsel', 'closed'],
  closed: ['intake'],
};

/** Transitions a coordinator may make directly (the rest happen through offers). */
export const MANUAL_TRANSITIONS: ReadonlyArray<readonly [CaseStatus, CaseStatus]> = [
  ['intake', 'seeking_counsel'],
  ['intake', 'closed'],
  ['seeking_counsel', 'closed'],
  ['offered', 'closed'],
  ['represented', 'seeking_counsel'],
  ['represented', 'closed'],
  ['closed', 'intake'],
];

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}

export function isManualTransition(from: CaseStatus, to: CaseStatus): boolean {
  return MANUAL_TRANSITIONS.some(([a, b]) => a === from && b === to);
}
