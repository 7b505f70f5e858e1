import fc from 'fast-check';

import {
  AttorneyMatchProfile,
  CaseMatchProfile,
  DEFAULT_MATCHING_OPTIONS,
  DEFAULT_MATCHING_WEIGHTS,
  LANGUAGE_PROFICIENCIES,
  MATCHING_FACTORS,
  MatchingFactor,
  MatchingOptions,
  earthDistanceMiles,
  maxMatchingScore,
  rankCandidates,
  resolveMatchingOptions,
  scoreCandidate,
} from '../../../../src/matching/scoring';
import { attorneyArb, caseArb, proficiencyArb } from '../support/arbitraries';
import { CONTEXT, aCase, anAttorney } from '../support/profiles';

const kicheNative = [{ code: 'quc', proficiency: 'native' as const }];
const spanishNative = [{ code: 'spa', proficiency: 'native' as const }];

function score(
  caseProfile: CaseMatchProfile,
  attorney: AttorneyMatchProfile,
  options?: MatchingOptions,
): number {
  return scoreCandidate(caseProfile, attorney, { ...CONTEXT, options }).score;
}

function points(
  caseProfile: CaseMatchProfile,
  attorney: AttorneyMatchProfile,
  factor: MatchingFactor,
  options?: MatchingOptions,
): number {
  const found = scoreCandidate(caseProfile, attorney, { ...CONTEXT, options }).factors.find(
    (f) => f.factor === factor,
  );
  if (!found) throw new Error(`no ${factor} factor`);
  return found.points;
}

// The score formula exactly as documented for the SQL query (ranking-factors.ts), written out
// independently so the documentation and the code cannot drift apart.
function documentedScore(
  caseProfile: CaseMatchProfile,
  attorney: AttorneyMatchProfile,
  o: MatchingOptions,
): number {
  const w = o.weights;
  const tierOf = (code: string): number =>
    code === caseProfile.childPrimaryLanguage
      ? o.languageTierFactors.childPrimary
      : caseProfile.childOtherLanguages.includes(code)
        ? o.languageTierFactors.childOther
        : code === caseProfile.sponsorLanguage
          ? o.languageTierFactors.sponsor
          : 0;
  const languageFraction = Math.max(
    0,
    ...attorney.languages.map((l) => tierOf(l.code) * o.proficiencyFactors[l.proficiency]),
  );
  const target =
    o.removalUsesCourtLocation && caseProfile.caseType === 'removal_defense'
      ? caseProfile.courtLocation
      : caseProfile.childLocation;
  const distance =
    attorney.distanceMiles ??
    (target && attorney.officeLocation ? earthDistanceMiles(attorney.officeLocation, target) : null);
  const inPerson = distance !== null && distance <= attorney.travelRadiusMiles;
  const effective = inPerson ? distance : attorney.remoteOk ? o.remoteDistanceMiles : distance;
  const hd = o.distanceHalfScoreMiles;
  const distanceFraction = effective === null ? 0 : hd / (hd + effective);
  const capacityFraction =
    attorney.capacity > 0
      ? Math.min(Math.max(attorney.capacity - Math.max(attorney.openMatters, 0), 0) / attorney.capacity, 1)
      : 0;
  const n = Math.max(attorney.experienceByCaseType[caseProfile.caseType] ?? 0, 0);
  const r = Math.max(attorney.recentOffersAndAssignments, 0);
  return (
    w.language * languageFraction +
    w.distance * distanceFraction +
    w.capacity * capacityFraction +
    w.experience * (n / (n + o.experienceHalfScoreMatters)) +
    w.fairness * (o.fairnessHalfScoreCount / (o.fairnessHalfScoreCount + r))
  );
}

describe('scoreCandidate', () => {
  describe('explanation', () => {
    it('summarises distance, language, admission, slots and experience in one line', () => {
      const result = scoreCandidate(aCase(), anAttorney({ languages: kicheNative }), CONTEXT);
      expect(result.summary).toBe(
        "12 mi; speaks K'iche' (native); admitted in NY; 2 of 5 slots open; 4 SIJS matters before",
      );
      expect(result.eligible).toBe(true);
      expect(result.ineligibility).toEqual([]);
    });

    it('lists the five factors in a fixed order with points, maximum and detail', () => {
      const result = scoreCandidate(aCase(), anAttorney({ languages: kicheNative }), CONTEXT);
      expect(result.factors.map((f) => f.factor)).toEqual([...MATCHING_FACTORS]);
      expect(result.factors.map((f) => f.maxPoints)).toEqual([40, 20, 15, 15, 10]);
      expect(result.factors.map((f) => f.detail)).toEqual([
        "speaks K'iche' (native)",
        '12 mi',
        '2 of 5 slots open',
        '4 SIJS matters before',
        '1 recent offer or assignment',
      ]);
      const byFactor = Object.fromEntries(result.factors.map((f) => [f.factor, f.points]));
      expect(byFactor.language).toBe(40);
      expect(byFactor.distance).toBeCloseTo((20 * 25) / 37, 10);
      expect(byFactor.capacity).toBeCloseTo(6, 10);
      expect(byFactor.experience).toBeCloseTo((15 * 4) / 7, 10);
      expect(byFactor.fairness).toBeCloseTo(7.5, 10);
      expect(result.maxScore).toBe(100);
    });

    it('says when an interpreter is needed', () => {
      expect(scoreCandidate(aCase(), anAttorney(), CONTEXT).summary).toBe(
        "12 mi; needs K'iche' interpreter; admitted in NY; 2 of 5 slots open; 4 SIJS matters before",
      );
    });

    it("names the child's other language and the sponsor's language", () => {
      const spanish = anAttorney({ languages: [{ code: 'spa', proficiency: 'fluent' }] });
      expect(scoreCandidate(aCase(), spanish, CONTEXT).factors[0].detail).toBe(
        "speaks Spanish (fluent; child's other language)",
      );
      expect(scoreCandidate(aCase({ childOtherLanguages: [] }), spanish, CONTEXT).factors[0].detail).toBe(
        "speaks Spanish (fluent; sponsor's language)",
      );
    });

    it('falls back to the code for a language missing from the names map', () => {
      const child = aCase({ childPrimaryLanguage: 'kjb', childOtherLanguages: [], sponsorLanguage: null });
      expect(scoreCandidate(child, anAttorney(), CONTEXT).factors[0].detail).toBe('needs kjb interpreter');
      const speaker = anAttorney({ languages: [{ code: 'kjb', proficiency: 'fluent' }] });
      expect(scoreCandidate(child, speaker, CONTEXT).factors[0].detail).toBe('speaks kjb (fluent)');
    });

    it('describes remote service, court distance, singulars and missing admission', () => {
      const remote = scoreCandidate(
        aCase({ caseType: 'asylum' }),
        anAttorney({
          distanceMiles: 140.4,
          remoteOk: true,
          barAdmissions: ['CA'],
          capacity: 1,
          openMatters: 0,
        }),
        CONTEXT,
      );
      expect(remote.summary).toBe(
        "remote, 140 mi (scored as 50 mi); needs K'iche' interpreter; 1 of 1 slot open; 1 asylum matter before",
      );
      expect(remote.serviceMode).toBe('remote');

      const options = resolveMatchingOptions({ removalUsesCourtLocation: true });
      const court = scoreCandidate(
        aCase({ caseType: 'removal_defense' }),
        anAttorney({ distanceMiles: undefined }),
        { ...CONTEXT, options },
      );
      expect(court.factors[1].detail).toBe('under 1 mi to court');
      expect(court.factors[3].detail).toBe('no removal defense matters before');

      const unadmitted = scoreCandidate(aCase(), anAttorney({ barAdmissions: [] }), CONTEXT);
      expect(unadmitted.summary).toContain('not admitted in NY');
      expect(unadmitted.eligible).toBe(false);

      const far = scoreCandidate(aCase(), anAttorney({ distanceMiles: 80 }), CONTEXT);
      expect(far.factors[1].detail).toBe('80 mi, outside 50 mi radius');
      expect(far.ineligibility.map((r) => r.code)).toEqual(['outside_service_area']);
    });
  });

  describe('ranking on hand-built examples', () => {
    it("ranks a native K'iche' speaker above a Spanish-only attorney for a K'iche' child", () => {
      const kiche = anAttorney({ id: 'kiche', languages: kicheNative });
      const spanish = anAttorney({ id: 'spanish', languages: spanishNative });
      expect(rankCandidates(aCase(), [spanish, kiche], CONTEXT).map((c) => c.attorneyId)).toEqual([
        'kiche',
        'spanish',
      ]);
      // Still ahead when the Spanish speaker is much closer.
      const farKiche = { ...kiche, distanceMiles: 40 };
      const nearSpanish = { ...spanish, distanceMiles: 2 };
      expect(rankCandidates(aCase(), [nearSpanish, farKiche], CONTEXT)[0].attorneyId).toBe('kiche');
    });

    it('ranks the closer attorney first when all else is equal', () => {
      const near = anAttorney({ id: 'near', distanceMiles: 3 });
      const far = anAttorney({ id: 'far', distanceMiles: 30 });
      expect(rankCandidates(aCase(), [far, near], CONTEXT).map((c) => c.attorneyId)).toEqual(['near', 'far']);
    });

    it('orders child primary > child other > sponsor > interpreter', () => {
      const child = aCase({
        childPrimaryLanguage: 'quc',
        childOtherLanguages: ['mam'],
        sponsorLanguage: 'spa',
      });
      const ids = ['primary', 'other', 'sponsor', 'none'];
      const attorneys = ['quc', 'mam', 'spa', 'eng'].map((code, i) =>
        anAttorney({ id: ids[i], languages: [{ code, proficiency: 'fluent' }] }),
      );
      expect(rankCandidates(child, [...attorneys].reverse(), CONTEXT).map((c) => c.attorneyId)).toEqual(ids);
    });

    it('leaves out ineligible attorneys and breaks ties by id', () => {
      const ranked = rankCandidates(
        aCase(),
        [anAttorney({ id: 'b' }), anAttorney({ id: 'a' }), anAttorney({ id: 'c', active: false })],
        CONTEXT,
      );
      expect(ranked.map((c) => c.attorneyId)).toEqual(['a', 'b']);
    });

    it('scores a remote attorney at the configured remote distance', () => {
      const remote = anAttorney({ distanceMiles: 900, remoteOk: true });
      const at50 = anAttorney({ distanceMiles: 50 });
      expect(score(aCase(), remote)).toBeCloseTo(score(aCase(), at50), 10);
      const closer = resolveMatchingOptions({ remoteDistanceMiles: 10 });
      expect(points(aCase(), remote, 'distance', closer)).toBeCloseTo((20 * 25) / 35, 10);
    });

    it('rewards headroom, experience and a lighter recent load', () => {
      const base = anAttorney();
      expect(score(aCase(), { ...base, openMatters: 1 })).toBeGreaterThan(score(aCase(), base));
      expect(score(aCase(), { ...base, experienceByCaseType: { sijs: 9 } })).toBeGreaterThan(
        score(aCase(), base),
      );
      expect(score(aCase(), { ...base, recentOffersAndAssignments: 0 })).toBeGreaterThan(
        score(aCase(), base),
      );
    });
  });

  describe('weights', () => {
    it('default weights sum to 100', () => {
      expect(maxMatchingScore(DEFAULT_MATCHING_OPTIONS)).toBe(100);
      expect(Object.values(DEFAULT_MATCHING_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
    });

    it('accepts overrides, keeping the other defaults', () => {
      const options = resolveMatchingOptions({ weights: { language: 0 } });
      expect(options.weights).toEqual({ ...DEFAULT_MATCHING_WEIGHTS, language: 0 });
      // Without the language weight the nearer English speaker now wins.
      const kiche = anAttorney({ id: 'kiche', languages: kicheNative, distanceMiles: 20 });
      const english = anAttorney({ id: 'english', distanceMiles: 5 });
      const context = { ...CONTEXT, options };
      expect(rankCandidates(aCase(), [kiche, english], context)[0].attorneyId).toBe('english');
      expect(rankCandidates(aCase(), [kiche, english], CONTEXT)[0].attorneyId).toBe('kiche');
      expect(scoreCandidate(aCase(), kiche, context).maxScore).toBe(60);
    });

    it('scales each factor linearly with its weight', () => {
      const weightArb = fc.record({
        language: fc.integer({ min: 0, max: 100 }),
        distance: fc.integer({ min: 0, max: 100 }),
        capacity: fc.integer({ min: 0, max: 100 }),
        experience: fc.integer({ min: 0, max: 100 }),
        fairness: fc.integer({ min: 0, max: 100 }),
      });
      fc.assert(
        fc.property(caseArb, attorneyArb, weightArb, (caseProfile, attorney, weights) => {
          const base = scoreCandidate(caseProfile, attorney, CONTEXT);
          const weighted = scoreCandidate(caseProfile, attorney, {
            ...CONTEXT,
            options: resolveMatchingOptions({ weights }),
          });
          let expected = 0;
          base.factors.forEach((f, i) => {
            const perPoint = f.points / f.maxPoints;
            expect(weighted.factors[i].points).toBeCloseTo(perPoint * weights[f.factor], 9);
            expected += perPoint * weights[f.factor];
          });
          expect(weighted.score).toBeCloseTo(expected, 9);
        }),
      );
    });

    it('rejects weights and factors that would break the score range', () => {
      expect(() => resolveMatchingOptions({ weights: { distance: -1 } })).toThrow(RangeError);
      expect(() => resolveMatchingOptions({ weights: { distance: Number.NaN } })).toThrow(RangeError);
      expect(() => resolveMatchingOptions({ languageTierFactors: { sponsor: 1.5 } })).toThrow(RangeError);
      expect(() => resolveMatchingOptions({ proficiencyFactors: { native: -0.1 } })).toThrow(RangeError);
      expect(() => resolveMatchingOptions({ distanceHalfScoreMiles: 0 })).toThrow(RangeError);
    });
  });

  describe('properties', () => {
    const optionsArb = fc.record({
      removalUsesCourtLocation: fc.boolean(),
      remoteDistanceMiles: fc.integer({ min: 0, max: 200 }),
      weights: fc.record({
        language: fc.integer({ min: 0, max: 60 }),
        fairness: fc.integer({ min: 0, max: 30 }),
      }),
    });

    it('is the documented sum of per-factor terms, within [0, max], for any profiles', () => {
      fc.assert(
        fc.property(caseArb, attorneyArb, optionsArb, (caseProfile, attorney, overrides) => {
          const options = resolveMatchingOptions(overrides);
          const result = scoreCandidate(caseProfile, attorney, { ...CONTEXT, options });
          expect(result.score).toBeCloseTo(documentedScore(caseProfile, attorney, options), 9);
          expect(result.score).toBeCloseTo(
            result.factors.reduce((sum, f) => sum + f.points, 0),
            12,
          );
          for (const f of result.factors) {
            expect(f.points).toBeGreaterThanOrEqual(0);
            expect(f.points).toBeLessThanOrEqual(f.maxPoints + 1e-9);
          }
          expect(result.score).toBeGreaterThanOrEqual(0);
          expect(result.score).toBeLessThanOrEqual(result.maxScore + 1e-9);
          expect(result.summary.length).toBeGreaterThan(0);
        }),
        { numRuns: 500 },
      );
    });

    it('never lowers the score for a closer in-person attorney', () => {
      fc.assert(
        fc.property(
          attorneyArb,
          fc.double({ min: 0, max: 300, noNaN: true }),
          fc.double({ min: 0, max: 300, noNaN: true }),
          (attorney, d1, d2) => {
            const [near, far] = d1 <= d2 ? [d1, d2] : [d2, d1];
            const within = { ...attorney, travelRadiusMiles: 300 };
            const nearScore = score(aCase(), { ...within, distanceMiles: near });
            const farScore = score(aCase(), { ...within, distanceMiles: far });
            expect(nearScore).toBeGreaterThanOrEqual(farScore);
            if (far - near > 1e-6) expect(nearScore).toBeGreaterThan(farScore);
          },
        ),
      );
    });

    it('prefers a stronger tier at equal proficiency, and stronger proficiency within a tier', () => {
      const child = aCase({
        childPrimaryLanguage: 'quc',
        childOtherLanguages: ['mam'],
        sponsorLanguage: 'spa',
      });
      const tiers = ['quc', 'mam', 'spa', 'eng'];
      fc.assert(
        fc.property(attorneyArb, proficiencyArb, (attorney, proficiency) => {
          const scores = tiers.map((code) =>
            points(child, { ...attorney, languages: [{ code, proficiency }] }, 'language'),
          );
          for (let i = 0; i + 1 < scores.length; i++) expect(scores[i]).toBeGreaterThan(scores[i + 1]);
        }),
      );
      for (const code of ['quc', 'mam', 'spa']) {
        const byProficiency = LANGUAGE_PROFICIENCIES.map((proficiency) =>
          points(child, anAttorney({ languages: [{ code, proficiency }] }), 'language'),
        );
        for (let i = 0; i + 1 < byProficiency.length; i++) {
          expect(byProficiency[i]).toBeGreaterThan(byProficiency[i + 1]);
        }
      }
    });

    it('uses the best of several languages, whatever their order', () => {
      fc.assert(
        fc.property(attorneyArb, (attorney) => {
          const reversed = { ...attorney, languages: [...attorney.languages].reverse() };
          expect(points(aCase(), reversed, 'language')).toBe(points(aCase(), attorney, 'language'));
        }),
      );
    });

    it('never lowers the score for more experience, more headroom or fewer recent assignments', () => {
      fc.assert(
        fc.property(caseArb, attorneyArb, fc.integer({ min: 1, max: 5 }), (caseProfile, attorney, step) => {
          const base = score(caseProfile, attorney);
          const type = caseProfile.caseType;
          const experience = attorney.experienceByCaseType[type] ?? 0;
          expect(
            score(caseProfile, {
              ...attorney,
              experienceByCaseType: { ...attorney.experienceByCaseType, [type]: experience + step },
            }),
          ).toBeGreaterThan(base);
          const fewerOpen = Math.max(0, attorney.openMatters - step);
          expect(score(caseProfile, { ...attorney, openMatters: fewerOpen })).toBeGreaterThanOrEqual(base);
          expect(
            score(caseProfile, {
              ...attorney,
              recentOffersAndAssignments: attorney.recentOffersAndAssignments + step,
            }),
          ).toBeLessThan(base);
        }),
      );
    });
  });
});
