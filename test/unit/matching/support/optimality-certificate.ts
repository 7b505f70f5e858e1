import { AssignmentPlan, PlanInput, PlanObjective } from '../../../../src/matching/planning';
import { URGENT_WITHIN_DAYS } from './plans';

/**
 * Independent optimality check for instances too big to enumerate: a plan is optimal exactly when
 * the residual graph of its flow has no negative-cost cycle (Bellman-Ford), with the objective
 * folded into one exact BigInt value per pair. Scores must be multiples of 1/8.
 */
export function hasImprovingCycle(input: PlanInput, plan: AssignmentPlan, objective: PlanObjective): boolean {
  const n = BigInt(input.cases.length);
  const scoreUnits = (score: number): bigint => {
    if (!Number.isInteger(score * 8)) throw new Error('scores must be multiples of 1/8');
    return BigInt(score * 8);
  };
  let maxUnits = 0n;
  for (const c of input.cases)
    for (const k of c.candidates) maxUnits = max(maxUnits, abs(scoreUnits(k.score)));
  const scoreRange = 2n * maxUnits * n + 1n; // exceeds any difference in total score
  const value = (units: bigint, urgent: boolean): bigint => {
    const u = urgent ? 1n : 0n;
    return objective === 'cover_most_cases'
      ? (1n + u * (n + 1n)) * scoreRange + units
      : u * (scoreRange * (n + 1n)) + units * (n + 1n) + 1n;
  };

  const attorneyIndex = new Map(input.attorneys.map((a, i) => [a.attorneyId, i]));
  const sink = input.cases.length + input.attorneys.length;
  const load = new Array<number>(input.attorneys.length).fill(0);
  const assigned = new Map(plan.pairs.map((p) => [p.caseId, p.attorneyId]));
  for (const p of plan.pairs) load[attorneyIndex.get(p.attorneyId) ?? -1]++;

  const edges: [number, number, bigint][] = [];
  input.cases.forEach((c, i) => {
    const urgent = c.daysToNextEvent !== null && c.daysToNextEvent <= URGENT_WITHIN_DAYS;
    const best = new Map<string, number>();
    for (const k of c.candidates)
      best.set(k.attorneyId, Math.max(best.get(k.attorneyId) ?? -Infinity, k.score));
    for (const [attorneyId, score] of best) {
      const a = attorneyIndex.get(attorneyId);
      if (a === undefined || input.attorneys[a].remainingCapacity <= 0) continue;
      const node = input.cases.length + a;
      const v = value(scoreUnits(score), urgent);
      if (assigned.get(c.caseId) === attorneyId) edges.push([node, i, v]);
      else edges.push([i, node, -v]);
    }
    edges.push(assigned.has(c.caseId) ? [i, sink, 0n] : [sink, i, 0n]);
  });
  input.attorneys.forEach((a, j) => {
    const node = input.cases.length + j;
    if (load[j] < a.remainingCapacity) edges.push([node, sink, 0n]);
    if (load[j] > 0) edges.push([sink, node, 0n]);
  });

  // Bellman-Ford from a virtual source joined to every node at cost 0.
  const dist = new Array<bigint>(sink + 1).fill(0n);
  for (let round = 0; round <= sink + 1; round++) {
    let changed = false;
    for (const [from, to, cost] of edges) {
      if (dist[from] + cost < dist[to]) {
        dist[to] = dist[from] + cost;
        changed = true;
      }
    }
    if (!changed) return false;
  }
  return true;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function abs(a: bigint): bigint {
  return a < 0n ? -a : a;
}
