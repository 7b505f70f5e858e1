// Timing of planAssignments vs greedyPlan on queue-sized inputs. Not a test (no assertions on time).
// Run from the repository root (until it moves to bench/):
//   npx swc src/matching src/geo test/unit/matching -d /tmp/amparo-timing --config-file .swcrc
//   node /tmp/amparo-timing/test/unit/matching/support/plan-timing.js
// Prints medians of 5 runs after a warm-up, and the optimal plan's gain over greedy.
import { AssignmentPlan, greedyPlan, planAssignments } from '../../../../src/matching/planning';
import { PlanInstanceShape, generatePlanInput } from './plan-instances';

const base: PlanInstanceShape = {
  cases: 5000,
  candidatesPerCase: 20,
  attorneys: 20000,
  capacityMin: 1,
  capacityMax: 5,
  areas: 40,
  popularitySkew: 1,
  urgentShare: 0.25,
  scoreStep: 0,
  seed: 7,
};

const scenarios: [string, PlanInstanceShape][] = [
  ['uniform: 20k attorneys, capacity 1-5', base],
  ['skewed: top attorneys in most top-20 lists (skew 4)', { ...base, popularitySkew: 4 }],
  ['scarce: capacity 0-1, skew 4', { ...base, capacityMin: 0, capacityMax: 1, popularitySkew: 4 }],
  [
    'one area, skew 8, capacity 0-1',
    { ...base, areas: 1, capacityMin: 0, capacityMax: 1, popularitySkew: 8 },
  ],
  // Fewer slots than cases: many cases cannot be covered, and proving that is the costly search.
  [
    'overloaded: 2,000 attorneys, capacity 0-2, 4 areas',
    { ...base, attorneys: 2000, areas: 4, capacityMin: 0, capacityMax: 2 },
  ],
  [
    'overloaded: 20k attorneys, capacity 0-1, one area, skew 16',
    { ...base, areas: 1, capacityMin: 0, capacityMax: 1, popularitySkew: 16 },
  ],
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(run: () => AssignmentPlan, repeats: number): { ms: number; plan: AssignmentPlan } {
  let plan = run(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    plan = run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ms: median(samples), plan };
}

for (const [name, shape] of scenarios) {
  const input = generatePlanInput(shape);
  const optimal = time(() => planAssignments(input), 5);
  const greedy = time(() => greedyPlan(input), 5);
  const o = optimal.plan;
  const g = greedy.plan;
  console.log(
    [
      name,
      `  plan   ${optimal.ms.toFixed(0)} ms  covered ${o.casesCovered}/${o.casesTotal}  urgent ${o.urgentCovered}/${o.urgentTotal}  score ${o.totalScore.toFixed(0)}`,
      `  greedy ${greedy.ms.toFixed(0)} ms  covered ${g.casesCovered}/${g.casesTotal}  urgent ${g.urgentCovered}/${g.urgentTotal}  score ${g.totalScore.toFixed(0)}`,
      `  plan/greedy time ${(optimal.ms / greedy.ms).toFixed(2)}x`,
    ].join('\n'),
  );
}
