/** One eligible attorney for a case, with the score from `scoreCandidate` (or its SQL mirror). */
export interface PlanCandidate {
  attorneyId: string;
  score: number;
}

export interface PlanCase {
  caseId: string;
  /** Days to the next hearing or deadline (negative = overdue); null when nothing is scheduled. */
  daysToNextEvent: number | null;
  /** Usually the top-K eligible candidates. A repeated attorney counts once, at its best score. */
  candidates: readonly PlanCandidate[];
}

export interface PlanAttorney {
  attorneyId: string;
  /** Matters the attorney can still take (capacity - open matters - pending offers). */
  remainingCapacity: number;
}

export interface PlanInput {
  cases: readonly PlanCase[];
  /** Attorneys absent from this list, or with capacity <= 0, get nothing. */
  attorneys: readonly PlanAttorney[];
}

/**
 * What "best" means. Both put urgent cases first; they differ on whether one more child with a
 * lawyer outranks a better total score:
 * - `cover_most_cases` (default), lexicographic:
 *     1. most urgent cases covered, 2. most cases covered, 3. highest total score.
 * - `max_total_score`, lexicographic:
 *     1. most urgent cases covered, 2. highest total score, 3. most cases covered.
 * Example: case A has X (90) and Y (20); case B has only X (30); X and Y take one case each.
 * `cover_most_cases` gives A-Y + B-X (both children get counsel, 50); `max_total_score` gives
 * A-X alone (90) and leaves B without a lawyer.
 */
export type PlanObjective = 'cover_most_cases' | 'max_total_score';

export interface PlanOptions {
  /** A case is urgent when daysToNextEvent <= this (null is never urgent). */
  urgentWithinDays: number;
  objective: PlanObjective;
}

export const DEFAULT_PLAN_OPTIONS: Readonly<PlanOptions> = Object.freeze({
  urgentWithinDays: 30,
  objective: 'cover_most_cases',
});

export interface PlannedPair {
  caseId: string;
  attorneyId: string;
  score: number;
  urgent: boolean;
  daysToNextEvent: number | null;
}

export interface AssignmentPlan {
  /** In input case order. */
  pairs: PlannedPair[];
  totalScore: number;
  casesCovered: number;
  casesTotal: number;
  urgentCovered: number;
  urgentTotal: number;
  /** In input case order. */
  uncoveredCaseIds: string[];
}
