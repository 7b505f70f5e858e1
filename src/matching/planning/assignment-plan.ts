import { AssignmentNetwork, solveMaxValueAssignment } from './max-value-assignment';
import {
  AssignmentPlan,
  DEFAULT_PLAN_OPTIONS,
  PlanInput,
  PlanObjective,
  PlanOptions,
  PlannedPair,
} from './plan-types';

/**
 * Scores are compared in thousandths of a point: the plan is exactly optimal for scores rounded to
 * 0.001, which keeps every sum an exact integer (no float drift between "equal" plans).
 */
export const PLAN_SCORE_UNITS_PER_POINT = 1000;

export function resolvePlanOptions(overrides: Partial<PlanOptions> = {}): PlanOptions {
  const options: PlanOptions = { ...DEFAULT_PLAN_OPTIONS, ...overrides };
  if (!Number.isFinite(options.urgentWithinDays)) throw new RangeError('urgentWithinDays must be finite');
  if (options.objective !== 'cover_most_cases' && options.objective !== 'max_total_score') {
    throw new RangeError(`unknown plan objective ${String(options.objective)}`);
  }
  return options;
}

export function isUrgent(daysToNextEvent: number | null, options: PlanOptions): boolean {
  return daysToNextEvent !== null && daysToNextEvent <= options.urgentWithinDays;
}

/**
 * The best set of (case, attorney) pairs: each case at most once, each attorney within its
 * remaining capacity, optimal for `options.objective` (see `PlanObjective`; urgent = due within
 * `urgentWithinDays`). Exact (min-cost flow), not a heuristic.
 *
 * How the objective becomes edge values (n = number of cases, u = 1 if the case is urgent,
 * s = score in thousandths, compared as (major, minor) lexicographically):
 * - cover_most_cases: major = 1 + u * (n + 1), minor = s.
 *     Σ major = covered + (n + 1) * urgentCovered, and covered <= n, so urgent count wins, then
 *     covered count; total score breaks ties.
 * - max_total_score: major = u, minor = s * (n + 1) + 1.
 *     Σ minor = (n + 1) * totalScore + covered, so total score wins, then covered count.
 */
export function planAssignments(input: PlanInput, overrides: Partial<PlanOptions> = {}): AssignmentPlan {
  const options = resolvePlanOptions(overrides);
  const prepared = preparePlan(input, options);
  const { cases, edgeStart, edgeAttorney, edgeScore, edgeUnits } = prepared;
  const n = cases.length;
  const edgeCount = edgeAttorney.length;

  const edgeMajor = new Float64Array(edgeCount);
  const edgeMinor = new Float64Array(edgeCount);
  let largestMinor = 0;
  for (let c = 0; c < n; c++) {
    const u = cases[c].urgent ? 1 : 0;
    for (let e = edgeStart[c]; e < edgeStart[c + 1]; e++) {
      if (options.objective === 'cover_most_cases') {
        edgeMajor[e] = 1 + u * (n + 1);
        edgeMinor[e] = edgeUnits[e];
      } else {
        edgeMajor[e] = u;
        edgeMinor[e] = edgeUnits[e] * (n + 1) + 1;
      }
      largestMinor = Math.max(largestMinor, Math.abs(edgeMinor[e]));
    }
  }
  // Shortest-path distances and potentials stay within (nodes x largest edge value) times a small
  // factor; refuse inputs where that could lose integer precision rather than return a wrong plan.
  const nodeCount = n + prepared.attorneyIds.length + 1;
  if (4 * nodeCount * largestMinor > Number.MAX_SAFE_INTEGER) {
    throw new RangeError('plan too large for exact arithmetic: split the queue or lower the scores');
  }

  const network: AssignmentNetwork = {
    caseCount: n,
    attorneyCount: prepared.attorneyIds.length,
    attorneySlots: prepared.attorneySlots,
    edgeStart,
    edgeAttorney,
    edgeMajor,
    edgeMinor,
  };
  // Urgent and strong cases first: most then find a free attorney at once, keeping searches short.
  const order = Array.from({ length: n }, (_, c) => c).sort(
    (a, b) =>
      Number(cases[b].urgent) - Number(cases[a].urgent) ||
      compareDescending(cases[a].bestUnits, cases[b].bestUnits) ||
      a - b,
  );
  const chosen = solveMaxValueAssignment(network, order);
  return buildPlan(prepared, (c) => chosen[c], edgeScore);
}

/**
 * Baseline: all candidate pairs sorted by urgent first, then score (high to low), taken while the
 * case is open and the attorney has room. Fast and simple, but not optimal.
 */
export function greedyPlan(input: PlanInput, overrides: Partial<PlanOptions> = {}): AssignmentPlan {
  const options = resolvePlanOptions(overrides);
  const prepared = preparePlan(input, options);
  const { cases, edgeStart, edgeAttorney, edgeScore } = prepared;
  const edgeCase = new Int32Array(edgeAttorney.length);
  for (let c = 0; c < cases.length; c++) edgeCase.fill(c, edgeStart[c], edgeStart[c + 1]);
  const edges = Array.from({ length: edgeAttorney.length }, (_, e) => e).sort(
    (a, b) =>
      Number(cases[edgeCase[b]].urgent) - Number(cases[edgeCase[a]].urgent) ||
      edgeScore[b] - edgeScore[a] ||
      a - b,
  );
  const chosen = new Int32Array(cases.length).fill(-1);
  const room = Int32Array.from(prepared.attorneySlots);
  for (const e of edges) {
    const c = edgeCase[e];
    const a = edgeAttorney[e];
    if (chosen[c] !== -1 || room[a] === 0) continue;
    chosen[c] = e;
    room[a]--;
  }
  return buildPlan(prepared, (c) => chosen[c], edgeScore);
}

/**
 * The plan's position under an objective, as a tuple to compare lexicographically (higher is
 * better). Total score is compared as given (not rounded).
 */
export function planObjectiveKey(plan: AssignmentPlan, objective: PlanObjective): [number, number, number] {
  return objective === 'cover_most_cases'
    ? [plan.urgentCovered, plan.casesCovered, plan.totalScore]
    : [plan.urgentCovered, plan.totalScore, plan.casesCovered];
}

interface PreparedCase {
  caseId: string;
  daysToNextEvent: number | null;
  urgent: boolean;
  bestUnits: number;
}

interface PreparedPlan {
  cases: PreparedCase[];
  attorneyIds: string[];
  /** min(remaining capacity, number of cases listing the attorney); always > 0. */
  attorneySlots: Int32Array;
  edgeStart: Int32Array;
  edgeAttorney: Int32Array;
  edgeScore: Float64Array;
  edgeUnits: Float64Array;
}

// Validates, drops candidates whose attorney has no room, keeps each attorney once per case (best
// score), and lays the candidates out as compact arrays.
function preparePlan(input: PlanInput, options: PlanOptions): PreparedPlan {
  const capacityById = new Map<string, number>();
  for (const attorney of input.attorneys) {
    if (capacityById.has(attorney.attorneyId)) {
      throw new RangeError(`attorney ${attorney.attorneyId} is listed twice`);
    }
    const room = Number.isFinite(attorney.remainingCapacity) ? Math.floor(attorney.remainingCapacity) : 0;
    capacityById.set(attorney.attorneyId, Math.max(0, room));
  }

  const seenCases = new Set<string>();
  const attorneyIndex = new Map<string, number>();
  const attorneyIds: string[] = [];
  const degree: number[] = [];
  const cases: PreparedCase[] = [];
  const edgeStart: number[] = [0];
  const edgeAttorney: number[] = [];
  const edgeScore: number[] = [];

  for (const planCase of input.cases) {
    if (seenCases.has(planCase.caseId)) throw new RangeError(`case ${planCase.caseId} is listed twice`);
    seenCases.add(planCase.caseId);
    const firstEdge = edgeAttorney.length;
    const edgeOfAttorney = new Map<number, number>();
    for (const candidate of planCase.candidates) {
      if (!Number.isFinite(candidate.score)) {
        throw new RangeError(
          `case ${planCase.caseId}: score for ${candidate.attorneyId} is not a finite number`,
        );
      }
      if (!((capacityById.get(candidate.attorneyId) ?? 0) > 0)) continue;
      let a = attorneyIndex.get(candidate.attorneyId);
      if (a === undefined) {
        a = attorneyIds.length;
        attorneyIndex.set(candidate.attorneyId, a);
        attorneyIds.push(candidate.attorneyId);
        degree.push(0);
      }
      const existing = edgeOfAttorney.get(a);
      if (existing !== undefined) {
        edgeScore[existing] = Math.max(edgeScore[existing], candidate.score);
        continue;
      }
      edgeOfAttorney.set(a, edgeAttorney.length);
      edgeAttorney.push(a);
      edgeScore.push(candidate.score);
      degree[a]++;
    }
    let bestUnits = -Infinity;
    for (let e = firstEdge; e < edgeAttorney.length; e++) {
      bestUnits = Math.max(bestUnits, toUnits(edgeScore[e]));
    }
    cases.push({
      caseId: planCase.caseId,
      daysToNextEvent: planCase.daysToNextEvent,
      urgent: isUrgent(planCase.daysToNextEvent, options),
      bestUnits,
    });
    edgeStart.push(edgeAttorney.length);
  }

  const attorneySlots = new Int32Array(attorneyIds.length);
  for (let a = 0; a < attorneyIds.length; a++) {
    attorneySlots[a] = Math.min(capacityById.get(attorneyIds[a]) ?? 0, degree[a]);
  }
  return {
    cases,
    attorneyIds,
    attorneySlots,
    edgeStart: Int32Array.from(edgeStart),
    edgeAttorney: Int32Array.from(edgeAttorney),
    edgeScore: Float64Array.from(edgeScore),
    edgeUnits: Float64Array.from(edgeScore, toUnits),
  };
}

function compareDescending(a: number, b: number): number {
  return a > b ? -1 : a < b ? 1 : 0;
}

function toUnits(score: number): number {
  return Math.round(score * PLAN_SCORE_UNITS_PER_POINT);
}

function buildPlan(
  prepared: PreparedPlan,
  chosenEdge: (caseIndex: number) => number,
  edgeScore: Float64Array,
): AssignmentPlan {
  const pairs: PlannedPair[] = [];
  const uncoveredCaseIds: string[] = [];
  let totalScore = 0;
  let urgentCovered = 0;
  let urgentTotal = 0;
  prepared.cases.forEach((planCase, c) => {
    if (planCase.urgent) urgentTotal++;
    const e = chosenEdge(c);
    if (e < 0) {
      uncoveredCaseIds.push(planCase.caseId);
      return;
    }
    const score = edgeScore[e];
    totalScore += score;
    if (planCase.urgent) urgentCovered++;
    pairs.push({
      caseId: planCase.caseId,
      attorneyId: prepared.attorneyIds[prepared.edgeAttorney[e]],
      score,
      urgent: planCase.urgent,
      daysToNextEvent: planCase.daysToNextEvent,
    });
  });
  return {
    pairs,
    totalScore,
    casesCovered: pairs.length,
    casesTotal: prepared.cases.length,
    urgentCovered,
    urgentTotal,
    uncoveredCaseIds,
  };
}
