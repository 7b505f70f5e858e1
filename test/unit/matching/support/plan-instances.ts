import { PlanCase, PlanInput } from '../../../../src/matching/planning';

export interface PlanInstanceShape {
  cases: number;
  candidatesPerCase: number;
  attorneys: number;
  /** Remaining capacity of each attorney, uniform in [min, max]. */
  capacityMin: number;
  capacityMax: number;
  /** Metro areas: a case's candidates come from attorneys of its own area. */
  areas: number;
  /** 1 = candidates spread evenly; higher = a few attorneys appear in many cases' top lists. */
  popularitySkew: number;
  /** Share of cases with a hearing or deadline within 30 days. */
  urgentShare: number;
  /** Round scores to this step (e.g. 1/8 for exact sums in tests); 0 keeps full precision. */
  scoreStep: number;
  seed: number;
}

/** Deterministic pseudo-random instance shaped like a real queue (mulberry32 PRNG). */
export function generatePlanInput(shape: PlanInstanceShape): PlanInput {
  const random = mulberry32(shape.seed);
  const perArea = Math.max(1, Math.floor(shape.attorneys / shape.areas));
  const attorneys = Array.from({ length: shape.attorneys }, (_, i) => ({
    attorneyId: `att-${i}`,
    remainingCapacity: shape.capacityMin + Math.floor(random() * (shape.capacityMax - shape.capacityMin + 1)),
  }));
  // Each attorney has an underlying quality (language, experience) shared by all cases.
  const quality = attorneys.map(() => random());
  const cases: PlanCase[] = [];
  for (let c = 0; c < shape.cases; c++) {
    const area = Math.floor(random() * shape.areas);
    const first = Math.min(area * perArea, shape.attorneys - 1);
    const size = Math.min(perArea, shape.attorneys - first);
    const chosen = new Set<number>();
    const want = Math.min(shape.candidatesPerCase, size);
    while (chosen.size < want) chosen.add(first + Math.floor(size * random() ** shape.popularitySkew));
    const candidates = [...chosen].map((a) => {
      const raw = 30 + 40 * quality[a] + 30 * random();
      const score = shape.scoreStep > 0 ? Math.round(raw / shape.scoreStep) * shape.scoreStep : raw;
      return { attorneyId: attorneys[a].attorneyId, score };
    });
    candidates.sort((x, y) => y.score - x.score);
    const urgent = random() < shape.urgentShare;
    cases.push({
      caseId: `case-${c}`,
      daysToNextEvent: urgent
        ? Math.floor(random() * 31)
        : random() < 0.3
          ? null
          : 31 + Math.floor(random() * 300),
      candidates,
    });
  }
  return { cases, attorneys };
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
