import fc from 'fast-check';

import {
  AttorneyMatchProfile,
  CASE_TYPES,
  CaseMatchProfile,
  CaseType,
  GeoPoint,
  LANGUAGE_PROFICIENCIES,
} from '../../../../src/matching/scoring';
import { NOW } from './profiles';

export const caseTypeArb = fc.constantFrom(...CASE_TYPES);
export const languageArb = fc.constantFrom('quc', 'spa', 'eng', 'mam');
export const proficiencyArb = fc.constantFrom(...LANGUAGE_PROFICIENCIES);
export const stateArb = fc.constantFrom('NY', 'NJ', 'CA');
export const attorneyIdArb = fc.constantFrom('a1', 'a2', 'a3');

/** Somewhere in the contiguous United States. */
export const pointArb: fc.Arbitrary<GeoPoint> = fc.record({
  lat: fc.double({ min: 25, max: 49, noNaN: true }),
  lon: fc.double({ min: -124, max: -67, noNaN: true }),
});

export const caseArb: fc.Arbitrary<CaseMatchProfile> = fc.record({
  caseType: caseTypeArb,
  childPrimaryLanguage: languageArb,
  childOtherLanguages: fc.uniqueArray(languageArb, { maxLength: 2 }),
  sponsorLanguage: fc.option(languageArb),
  childState: stateArb,
  childLocation: fc.option(pointArb, { freq: 5 }),
  courtLocation: fc.option(pointArb, { freq: 5 }),
  daysToNextEvent: fc.option(fc.integer({ min: -10, max: 400 })),
  declinedByAttorneyIds: fc.subarray(['a1', 'a2', 'a3']),
});

const experienceArb: fc.Arbitrary<Partial<Record<CaseType, number>>> = fc.record(
  {
    removal_defense: fc.integer({ min: 0, max: 30 }),
    asylum: fc.integer({ min: 0, max: 30 }),
    sijs: fc.integer({ min: 0, max: 30 }),
    t_visa: fc.integer({ min: 0, max: 30 }),
    u_visa: fc.integer({ min: 0, max: 30 }),
    other: fc.integer({ min: 0, max: 30 }),
  },
  { requiredKeys: [] },
);

export const attorneyArb: fc.Arbitrary<AttorneyMatchProfile> = fc.record({
  id: attorneyIdArb,
  active: fc.boolean(),
  pausedUntil: fc.option(
    fc
      .integer({ min: -10 * 86_400_000, max: 10 * 86_400_000 })
      .map((offset) => new Date(NOW.getTime() + offset)),
  ),
  capacity: fc.integer({ min: 0, max: 6 }),
  openMatters: fc.integer({ min: 0, max: 7 }),
  practiceAreas: fc.subarray([...CASE_TYPES]),
  barAdmissions: fc.subarray(['NY', 'NJ', 'CA']),
  languages: fc.uniqueArray(fc.record({ code: languageArb, proficiency: proficiencyArb }), {
    maxLength: 3,
    selector: (language) => language.code,
  }),
  officeLocation: fc.option(pointArb, { freq: 5 }),
  travelRadiusMiles: fc.integer({ min: 0, max: 300 }),
  remoteOk: fc.boolean(),
  experienceByCaseType: experienceArb,
  recentOffersAndAssignments: fc.integer({ min: 0, max: 20 }),
  distanceMiles: fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.double({ min: 0, max: 3000, noNaN: true }),
  ),
});
