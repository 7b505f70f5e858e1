import fc from 'fast-check';

import {
  AttorneyMatchProfile,
  CaseMatchProfile,
  DEFAULT_MATCHING_OPTIONS,
  INELIGIBILITY_CODES,
  IneligibilityCode,
  MatchingOptions,
  checkEligibility,
  earthDistanceMiles,
  resolveMatchingOptions,
  scoreCandidate,
} from '../../../../src/matching/scoring';
import { attorneyArb, caseArb } from '../support/arbitraries';
import { CONTEXT, NOW, aCase, anAttorney } from '../support/profiles';

function codes(
  caseProfile: CaseMatchProfile,
  attorney: AttorneyMatchProfile,
  options: MatchingOptions = DEFAULT_MATCHING_OPTIONS,
): IneligibilityCode[] {
  return checkEligibility(caseProfile, attorney, NOW, options).map((reason) => reason.code);
}

describe('checkEligibility', () => {
  it('accepts the baseline attorney for the baseline case', () => {
    expect(codes(aCase(), anAttorney())).toEqual([]);
  });

  // Each row breaks exactly one rule of an otherwise eligible pair.
  const singleFailures: [IneligibilityCode, Partial<AttorneyMatchProfile>, Partial<CaseMatchProfile>][] = [
    ['attorney_inactive', { active: false }, {}],
    ['attorney_paused', { pausedUntil: new Date(NOW.getTime() + 1) }, {}],
    ['attorney_at_capacity', { openMatters: 5 }, {}],
    ['case_type_not_practised', { practiceAreas: ['asylum', 'removal_defense'] }, {}],
    ['declined_this_case', {}, { declinedByAttorneyIds: ['att-0', 'att-1'] }],
    ['outside_service_area', { distanceMiles: 50.01 }, {}],
    ['sijs_needs_state_bar_admission', { barAdmissions: ['NJ', 'CA'] }, {}],
  ];

  it.each(singleFailures)(
    'fails with only %s when only that rule is broken',
    (code, attorney, caseProfile) => {
      const reasons = checkEligibility(
        aCase(caseProfile),
        anAttorney(attorney),
        NOW,
        DEFAULT_MATCHING_OPTIONS,
      );
      expect(reasons.map((reason) => reason.code)).toEqual([code]);
      expect(reasons[0].detail.length).toBeGreaterThan(0);
    },
  );

  it('covers every ineligibility code in the table above', () => {
    expect(singleFailures.map(([code]) => code).sort()).toEqual([...INELIGIBILITY_CODES].sort());
  });

  it('lists every broken rule, in code order', () => {
    const attorney = anAttorney({
      active: false,
      pausedUntil: new Date(NOW.getTime() + 86_400_000),
      openMatters: 9,
      practiceAreas: [],
      distanceMiles: 400,
      barAdmissions: [],
    });
    expect(codes(aCase({ declinedByAttorneyIds: ['att-1'] }), attorney)).toEqual([...INELIGIBILITY_CODES]);
  });

  describe('boundaries', () => {
    it('treats a pause ending exactly now, or earlier, as over', () => {
      expect(codes(aCase(), anAttorney({ pausedUntil: new Date(NOW.getTime()) }))).toEqual([]);
      expect(codes(aCase(), anAttorney({ pausedUntil: new Date(NOW.getTime() - 1) }))).toEqual([]);
    });

    it('needs a free slot: open matters strictly below capacity', () => {
      expect(codes(aCase(), anAttorney({ capacity: 5, openMatters: 4 }))).toEqual([]);
      expect(codes(aCase(), anAttorney({ capacity: 0, openMatters: 0 }))).toEqual(['attorney_at_capacity']);
    });

    it('includes the edge of the travel radius', () => {
      expect(codes(aCase(), anAttorney({ distanceMiles: 50, travelRadiusMiles: 50 }))).toEqual([]);
    });
  });

  describe('place', () => {
    it('lets a remote-ok attorney serve from anywhere', () => {
      expect(codes(aCase(), anAttorney({ distanceMiles: 900, remoteOk: true }))).toEqual([]);
    });

    it('needs remote-ok when the distance is unknown', () => {
      const unknown = { distanceMiles: undefined, officeLocation: null };
      expect(codes(aCase(), anAttorney(unknown))).toEqual(['outside_service_area']);
      expect(codes(aCase(), anAttorney({ ...unknown, remoteOk: true }))).toEqual([]);
      expect(codes(aCase({ childLocation: null }), anAttorney({ distanceMiles: undefined }))).toEqual([
        'outside_service_area',
      ]);
    });

    it('computes the distance from coordinates when the database did not', () => {
      // Lower Manhattan office to a Brooklyn child is about 4.03 miles.
      const attorney = anAttorney({ distanceMiles: undefined, travelRadiusMiles: 4 });
      expect(codes(aCase(), attorney)).toEqual(['outside_service_area']);
      expect(codes(aCase(), { ...attorney, travelRadiusMiles: 4.1 })).toEqual([]);
    });

    it('measures removal defense to the court only when removalUsesCourtLocation is on', () => {
      const removal = aCase({
        caseType: 'removal_defense',
        childLocation: { lat: 42.6526, lon: -73.7562 }, // Albany, ~130 mi from the court
      });
      const nearCourt = anAttorney({ distanceMiles: undefined, travelRadiusMiles: 10, barAdmissions: [] });
      expect(codes(removal, nearCourt)).toEqual(['outside_service_area']);
      const courtOptions = resolveMatchingOptions({ removalUsesCourtLocation: true });
      expect(codes(removal, nearCourt, courtOptions)).toEqual([]);
      // Other case types still measure to the child.
      expect(codes({ ...removal, caseType: 'asylum' }, nearCourt, courtOptions)).toEqual([
        'outside_service_area',
      ]);
    });
  });

  describe('SIJS bar admission', () => {
    it('is required even for a remote-ok attorney', () => {
      const remote = anAttorney({ distanceMiles: 900, remoteOk: true, barAdmissions: ['CA'] });
      expect(codes(aCase(), remote)).toEqual(['sijs_needs_state_bar_admission']);
    });

    it('is not required for other case types', () => {
      const elsewhere = anAttorney({ barAdmissions: ['CA'] });
      for (const caseType of ['removal_defense', 'asylum', 't_visa', 'u_visa', 'other'] as const) {
        expect(codes(aCase({ caseType }), elsewhere)).toEqual([]);
      }
    });
  });

  it('agrees with a direct reading of the rules on random profiles', () => {
    fc.assert(
      fc.property(caseArb, attorneyArb, fc.boolean(), (caseProfile, attorney, courtForRemoval) => {
        const options = resolveMatchingOptions({ removalUsesCourtLocation: courtForRemoval });
        const target =
          courtForRemoval && caseProfile.caseType === 'removal_defense'
            ? caseProfile.courtLocation
            : caseProfile.childLocation;
        const distance =
          attorney.distanceMiles ??
          (target && attorney.officeLocation ? earthDistanceMiles(attorney.officeLocation, target) : null);
        const expected: IneligibilityCode[] = [];
        if (!attorney.active) expected.push('attorney_inactive');
        if (attorney.pausedUntil && attorney.pausedUntil > NOW) expected.push('attorney_paused');
        if (attorney.openMatters >= attorney.capacity) expected.push('attorney_at_capacity');
        if (!attorney.practiceAreas.includes(caseProfile.caseType)) expected.push('case_type_not_practised');
        if (caseProfile.declinedByAttorneyIds.includes(attorney.id)) expected.push('declined_this_case');
        if (!(distance !== null && distance <= attorney.travelRadiusMiles) && !attorney.remoteOk) {
          expected.push('outside_service_area');
        }
        if (caseProfile.caseType === 'sijs' && !attorney.barAdmissions.includes(caseProfile.childState)) {
          expected.push('sijs_needs_state_bar_admission');
        }
        expect(codes(caseProfile, attorney, options)).toEqual(expected);
        const scored = scoreCandidate(caseProfile, attorney, { ...CONTEXT, options });
        expect(scored.eligible).toBe(expected.length === 0);
      }),
      { numRuns: 500 },
    );
  });
});
