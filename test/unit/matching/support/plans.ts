import fc from 'fast-check';

import {
  AssignmentPlan,
  PlanCase,
  PlanInput,
  PlanObjective,
  planObjectiveKey,
} from '../../../../src/matching/planning';

export const URGENT_WITHIN_DAYS = 30;

/** Small instances: up to 6 cases, 4 attorneys, capacities 0-3, scores in eighths (exact sums). */
export const smallPlanInputArb: fc.Arbitrary<PlanInput> = fc
  .record({
    attorneyCount: fc.integer({ min: 1, max: 4 }),
    caseCount: fc.integer({ min: 0, max: 6 }),
  })
  .chain(({ attorneyCount, caseCount }) => {
    const ids = Array.from({ length: attorneyCount }, (_, i) => `att-${i}`);
    const scoreArb = fc.oneof(
      fc.integer({ min: 0, max: 100 }),
      fc.integer({ min: 0, max: 800 }).map((eighths) => eighths / 8),
      fc.constantFrom(0, 50, 100), // ties
    );
    const caseArb = fc.record({
      daysToNextEvent: fc.option(fc.integer({ min: -5, max: 60 }), { freq: 4 }),
      candidates: fc
        .subarray(ids)
        .chain((chosen) =>
          fc
            .tuple(...chosen.map(() => scoreArb))
            .map((scores) => chosen.map((attorneyId, i) => ({ attorneyId, score: scores[i] }))),
        ),
    });
    return fc.record({
      cases: fc
        .array(caseArb, { minLength: caseCount, maxLength: caseCount })
        .map((cases) => cases.map((c, i): PlanCase => ({ caseId: `case-${i}`, ...c }))),
      attorneys: fc
        .tuple(...ids.map(() => fc.integer({ min: 0, max: 3 })))
        .map((capacities) => ids.map((attorneyId, i) => ({ attorneyId, remainingCapacity: capacities[i] }))),
    });
  });

export function lexCompare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/** Best objective key over every valid assignment (each case: one candidate or none). */
export function bruteForceBestKey(input: PlanInput, objective: PlanObjective): [number, number, number] {
  const room = new Map(input.attorneys.map((a) => [a.attorneyId, a.remainingCapacity]));
  let best: [number, number, number] | null = null;
  const visit = (i: number, urgent: number, covered: number, score: number): void => {
    if (i === input.cases.length) {
      const key: [number, number, number] =
        objective === 'cover_most_cases' ? [urgent, covered, score] : [urgent, score, covered];
      if (best === null || lexCompare(key, best) > 0) best = key;
      return;
    }
    const c = input.cases[i];
    visit(i + 1, urgent, covered, score);
    const isUrgent = c.daysToNextEvent !== null && c.daysToNextEvent <= URGENT_WITHIN_DAYS;
    for (const candidate of c.candidates) {
      const left = room.get(candidate.attorneyId) ?? 0;
      if (left <= 0) continue;
      room.set(candidate.attorneyId, left - 1);
      visit(i + 1, urgent + (isUrgent ? 1 : 0), covered + 1, score + candidate.score);
      room.set(candidate.attorneyId, left);
    }
  };
  visit(0, 0, 0, 0);
  if (best === null) throw new Error('unreachable');
  return best;
}

/** Throws unless the plan is a valid assignment of the input with consistent totals. */
export function expectValidPlan(input: PlanInput, plan: AssignmentPlan): void {
  const capacity = new Map(input.attorneys.map((a) => [a.attorneyId, a.remainingCapacity]));
  const caseById = new Map(input.cases.map((c) => [c.caseId, c]));
  const load = new Map<string, number>();
  const seen = new Set<string>();
  let total = 0;
  let urgent = 0;
  for (const pair of plan.pairs) {
    if (seen.has(pair.caseId)) throw new Error(`case ${pair.caseId} assigned twice`);
    seen.add(pair.caseId);
    const planCase = caseById.get(pair.caseId);
    if (!planCase) throw new Error(`unknown case ${pair.caseId}`);
    const best = Math.max(
      ...planCase.candidates.filter((c) => c.attorneyId === pair.attorneyId).map((c) => c.score),
    );
    if (best !== pair.score)
      throw new Error(`pair ${pair.caseId}/${pair.attorneyId} is not a candidate at ${pair.score}`);
    load.set(pair.attorneyId, (load.get(pair.attorneyId) ?? 0) + 1);
    total += pair.score;
    if (pair.urgent) urgent++;
    const isUrgent = planCase.daysToNextEvent !== null && planCase.daysToNextEvent <= URGENT_WITHIN_DAYS;
    if (pair.urgent !== isUrgent) throw new Error(`wrong urgency on ${pair.caseId}`);
  }
  for (const [attorneyId, used] of load) {
    if (used > (capacity.get(attorneyId) ?? 0)) throw new Error(`attorney ${attorneyId} over capacity`);
  }
  const uncovered = input.cases.filter((c) => !seen.has(c.caseId)).map((c) => c.caseId);
  const urgentTotal = input.cases.filter(
    (c) => c.daysToNextEvent !== null && c.daysToNextEvent <= URGENT_WITHIN_DAYS,
  ).length;
  const summary = {
    totalScore: plan.totalScore,
    casesCovered: plan.casesCovered,
    casesTotal: plan.casesTotal,
    urgentCovered: plan.urgentCovered,
    urgentTotal: plan.urgentTotal,
    uncoveredCaseIds: plan.uncoveredCaseIds,
  };
  const expected = {
    totalScore: total,
    casesCovered: seen.size,
    casesTotal: input.cases.length,
    urgentCovered: urgent,
    urgentTotal,
    uncoveredCaseIds: uncovered,
  };
  if (JSON.stringify(summary) !== JSON.stringify(expected)) {
    throw new Error(`plan totals ${JSON.stringify(summary)} != ${JSON.stringify(expected)}`);
  }
}

export function keyOf(plan: AssignmentPlan, objective: PlanObjective): [number, number, number] {
  return planObjectiveKey(plan, objective);
}
