import fc from 'fast-check';

import {
  DEFAULT_PLAN_OPTIONS,
  PLAN_SCORE_UNITS_PER_POINT,
  PlanInput,
  PlanObjective,
  greedyPlan,
  isUrgent,
  planAssignments,
} from '../../../../src/matching/planning';
import { hasImprovingCycle } from '../support/optimality-certificate';
import { generatePlanInput } from '../support/plan-instances';
import { bruteForceBestKey, expectValidPlan, keyOf, lexCompare, smallPlanInputArb } from '../support/plans';

const OBJECTIVES: PlanObjective[] = ['cover_most_cases', 'max_total_score'];

function pairsOf(input: PlanInput, objective?: PlanObjective): string[] {
  return planAssignments(input, objective ? { objective } : {}).pairs.map(
    (p) => `${p.caseId}->${p.attorneyId}`,
  );
}

describe('planAssignments', () => {
  describe.each(OBJECTIVES)('objective %s', (objective) => {
    it('matches brute force on small random instances', () => {
      fc.assert(
        fc.property(smallPlanInputArb, (input) => {
          const plan = planAssignments(input, { objective });
          expectValidPlan(input, plan);
          expect(keyOf(plan, objective)).toEqual(bruteForceBestKey(input, objective));
        }),
        { numRuns: 600 },
      );
    });

    it('is never worse than greedy, and covers at least as many urgent cases', () => {
      fc.assert(
        fc.property(smallPlanInputArb, (input) => {
          const plan = planAssignments(input, { objective });
          const greedy = greedyPlan(input, { objective });
          expectValidPlan(input, greedy);
          expect(lexCompare(keyOf(plan, objective), keyOf(greedy, objective))).toBeGreaterThanOrEqual(0);
          expect(plan.urgentCovered).toBeGreaterThanOrEqual(greedy.urgentCovered);
          if (objective === 'cover_most_cases') {
            expect(plan.casesCovered).toBeGreaterThanOrEqual(greedy.casesCovered);
          } else if (plan.urgentCovered === greedy.urgentCovered) {
            expect(plan.totalScore).toBeGreaterThanOrEqual(greedy.totalScore);
          }
        }),
        { numRuns: 600 },
      );
    });

    it('leaves no improving exchange on larger random instances (negative-cycle certificate)', () => {
      const shapes = [
        { cases: 150, attorneys: 60, areas: 3, popularitySkew: 2, capacityMin: 0, capacityMax: 3 },
        { cases: 200, attorneys: 40, areas: 1, popularitySkew: 3, capacityMin: 1, capacityMax: 2 },
        { cases: 120, attorneys: 200, areas: 4, popularitySkew: 1, capacityMin: 0, capacityMax: 1 },
      ];
      for (const [i, shape] of shapes.entries()) {
        for (let seed = 1; seed <= 3; seed++) {
          const input = generatePlanInput({
            ...shape,
            candidatesPerCase: 8,
            urgentShare: 0.3,
            scoreStep: 1 / 8,
            seed: 100 * i + seed,
          });
          const plan = planAssignments(input, { objective });
          expectValidPlan(input, plan);
          expect(hasImprovingCycle(input, plan, objective)).toBe(false);
          const greedy = greedyPlan(input, { objective });
          expect(lexCompare(keyOf(plan, objective), keyOf(greedy, objective))).toBeGreaterThanOrEqual(0);
        }
      }
    });
  });

  it('gives the same objective value whatever the input order', () => {
    fc.assert(
      fc.property(
        smallPlanInputArb.chain((input) =>
          fc.tuple(
            fc.constant(input),
            fc.shuffledSubarray([...input.cases], { minLength: input.cases.length }),
          ),
        ),
        ([input, shuffledCases]) => {
          for (const objective of OBJECTIVES) {
            const a = planAssignments(input, { objective });
            const b = planAssignments({ ...input, cases: shuffledCases }, { objective });
            expect(keyOf(b, objective)).toEqual(keyOf(a, objective));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  describe('hand-built examples', () => {
    // Case A has X (90) and Y (20); case B has only X (30); each attorney takes one case.
    const contested: PlanInput = {
      cases: [
        {
          caseId: 'A',
          daysToNextEvent: 90,
          candidates: [
            { attorneyId: 'X', score: 90 },
            { attorneyId: 'Y', score: 20 },
          ],
        },
        { caseId: 'B', daysToNextEvent: 90, candidates: [{ attorneyId: 'X', score: 30 }] },
      ],
      attorneys: [
        { attorneyId: 'X', remainingCapacity: 1 },
        { attorneyId: 'Y', remainingCapacity: 1 },
      ],
    };

    it('covers both children by default, where greedy covers one', () => {
      expect(pairsOf(contested)).toEqual(['A->Y', 'B->X']);
      const greedy = greedyPlan(contested);
      expect(greedy.pairs.map((p) => `${p.caseId}->${p.attorneyId}`)).toEqual(['A->X']);
      expect(greedy.uncoveredCaseIds).toEqual(['B']);
    });

    it('keeps the higher total under max_total_score', () => {
      const plan = planAssignments(contested, { objective: 'max_total_score' });
      expect(plan.pairs.map((p) => `${p.caseId}->${p.attorneyId}`)).toEqual(['A->X']);
      expect(plan.totalScore).toBe(90);
    });

    it('serves urgent cases first, even at a lower total score', () => {
      // Greedy gives X to the urgent case with the higher score and strands the other urgent case.
      const input: PlanInput = {
        cases: [
          { caseId: 'U1', daysToNextEvent: 5, candidates: [{ attorneyId: 'X', score: 10 }] },
          {
            caseId: 'U2',
            daysToNextEvent: 12,
            candidates: [
              { attorneyId: 'X', score: 90 },
              { attorneyId: 'Y', score: 5 },
            ],
          },
          { caseId: 'N', daysToNextEvent: null, candidates: [{ attorneyId: 'Y', score: 100 }] },
        ],
        attorneys: [
          { attorneyId: 'X', remainingCapacity: 1 },
          { attorneyId: 'Y', remainingCapacity: 1 },
        ],
      };
      for (const objective of OBJECTIVES) {
        const plan = planAssignments(input, { objective });
        expect(plan.pairs.map((p) => `${p.caseId}->${p.attorneyId}`)).toEqual(['U1->X', 'U2->Y']);
        expect(plan).toMatchObject({ urgentCovered: 2, urgentTotal: 2, casesCovered: 2, totalScore: 15 });
        expect(plan.uncoveredCaseIds).toEqual(['N']);
      }
      const greedy = greedyPlan(input);
      expect(greedy).toMatchObject({ urgentCovered: 1, totalScore: 190 });
    });

    it('prefers the higher total among plans covering the same cases', () => {
      const input: PlanInput = {
        cases: [
          {
            caseId: 'A',
            daysToNextEvent: null,
            candidates: [
              { attorneyId: 'X', score: 80 },
              { attorneyId: 'Y', score: 70 },
            ],
          },
          {
            caseId: 'B',
            daysToNextEvent: null,
            candidates: [
              { attorneyId: 'X', score: 75 },
              { attorneyId: 'Y', score: 40 },
            ],
          },
        ],
        attorneys: [
          { attorneyId: 'X', remainingCapacity: 1 },
          { attorneyId: 'Y', remainingCapacity: 1 },
        ],
      };
      // A-Y + B-X = 145 beats greedy's A-X + B-Y = 120.
      expect(pairsOf(input)).toEqual(['A->Y', 'B->X']);
      expect(greedyPlan(input).totalScore).toBe(120);
      expect(planAssignments(input).totalScore).toBe(145);
    });

    it('fills an attorney up to, and not beyond, their remaining capacity', () => {
      const input: PlanInput = {
        cases: ['a', 'b', 'c', 'd'].map((caseId) => ({
          caseId,
          daysToNextEvent: null,
          candidates: [{ attorneyId: 'X', score: 50 }],
        })),
        attorneys: [{ attorneyId: 'X', remainingCapacity: 2.9 }],
      };
      const plan = planAssignments(input);
      expect(plan.casesCovered).toBe(2);
      expect(plan.uncoveredCaseIds).toHaveLength(2);
    });

    it('ignores attorneys with no room or missing from the attorney list', () => {
      const input: PlanInput = {
        cases: [
          {
            caseId: 'A',
            daysToNextEvent: 3,
            candidates: [
              { attorneyId: 'full', score: 99 },
              { attorneyId: 'unknown', score: 98 },
              { attorneyId: 'ok', score: 10 },
            ],
          },
        ],
        attorneys: [
          { attorneyId: 'full', remainingCapacity: 0 },
          { attorneyId: 'ok', remainingCapacity: 1 },
        ],
      };
      expect(pairsOf(input)).toEqual(['A->ok']);
      expect(greedyPlan(input).pairs.map((p) => p.attorneyId)).toEqual(['ok']);
    });

    it('counts a repeated candidate once, at its best score', () => {
      const input: PlanInput = {
        cases: [
          {
            caseId: 'A',
            daysToNextEvent: null,
            candidates: [
              { attorneyId: 'X', score: 10 },
              { attorneyId: 'X', score: 60 },
            ],
          },
        ],
        attorneys: [{ attorneyId: 'X', remainingCapacity: 1 }],
      };
      expect(planAssignments(input).pairs).toEqual([
        { caseId: 'A', attorneyId: 'X', score: 60, urgent: false, daysToNextEvent: null },
      ]);
    });

    it('covers a case whose only candidate scores 0', () => {
      const input: PlanInput = {
        cases: [{ caseId: 'A', daysToNextEvent: null, candidates: [{ attorneyId: 'X', score: 0 }] }],
        attorneys: [{ attorneyId: 'X', remainingCapacity: 1 }],
      };
      for (const objective of OBJECTIVES) expect(pairsOf(input, objective)).toEqual(['A->X']);
    });

    it('handles an empty queue', () => {
      expect(planAssignments({ cases: [], attorneys: [] })).toEqual({
        pairs: [],
        totalScore: 0,
        casesCovered: 0,
        casesTotal: 0,
        urgentCovered: 0,
        urgentTotal: 0,
        uncoveredCaseIds: [],
      });
    });
  });

  describe('urgency', () => {
    it('is "next event within urgentWithinDays", inclusive, and never for no event', () => {
      const options = { ...DEFAULT_PLAN_OPTIONS, urgentWithinDays: 30 };
      expect(isUrgent(30, options)).toBe(true);
      expect(isUrgent(31, options)).toBe(false);
      expect(isUrgent(-2, options)).toBe(true);
      expect(isUrgent(null, options)).toBe(false);
    });

    it('follows a configured threshold', () => {
      const input: PlanInput = {
        cases: [
          { caseId: 'soon', daysToNextEvent: 10, candidates: [{ attorneyId: 'X', score: 1 }] },
          { caseId: 'later', daysToNextEvent: 40, candidates: [{ attorneyId: 'X', score: 99 }] },
        ],
        attorneys: [{ attorneyId: 'X', remainingCapacity: 1 }],
      };
      expect(pairsOf(input)).toEqual(['soon->X']);
      const wide = planAssignments(input, { urgentWithinDays: 60 });
      expect(wide.pairs.map((p) => p.caseId)).toEqual(['later']);
      expect(wide.urgentTotal).toBe(2);
    });
  });

  describe('input errors', () => {
    const one = { attorneyId: 'X', remainingCapacity: 1 };

    it('rejects a case listed twice', () => {
      const c = { caseId: 'A', daysToNextEvent: null, candidates: [] };
      expect(() => planAssignments({ cases: [c, c], attorneys: [] })).toThrow(/case A is listed twice/);
    });

    it('rejects an attorney listed twice', () => {
      expect(() => planAssignments({ cases: [], attorneys: [one, one] })).toThrow(
        /attorney X is listed twice/,
      );
    });

    it('rejects a score that is not a finite number', () => {
      const c = { caseId: 'A', daysToNextEvent: null, candidates: [{ attorneyId: 'X', score: Number.NaN }] };
      expect(() => planAssignments({ cases: [c], attorneys: [one] })).toThrow(RangeError);
      expect(() => greedyPlan({ cases: [c], attorneys: [one] })).toThrow(RangeError);
    });

    it('rejects unknown options', () => {
      expect(() => planAssignments({ cases: [], attorneys: [] }, { urgentWithinDays: Number.NaN })).toThrow(
        RangeError,
      );
    });
  });

  it('reports totals from the given scores, optimising on thousandths of a point', () => {
    expect(PLAN_SCORE_UNITS_PER_POINT).toBe(1000);
    const input: PlanInput = {
      cases: [{ caseId: 'A', daysToNextEvent: null, candidates: [{ attorneyId: 'X', score: 71.428571 }] }],
      attorneys: [{ attorneyId: 'X', remainingCapacity: 1 }],
    };
    expect(planAssignments(input).totalScore).toBe(71.428571);
  });
});
