import { AttorneyMatchProfile, CaseMatchProfile, ScoringContext } from '../../../../src/matching/scoring';

export const NOW = new Date('2025-03-03T15:00:00Z');

export const LANGUAGE_NAMES: ReadonlyMap<string, string> = new Map([
  ['quc', "K'iche'"],
  ['spa', 'Spanish'],
  ['eng', 'English'],
  ['mam', 'Mam'],
  ['por', 'Portuguese'],
]);

export const CONTEXT: ScoringContext = { now: NOW, languageNames: LANGUAGE_NAMES };

/** A SIJS case for a K'iche'-speaking child in New York who also speaks some Spanish. */
export function aCase(overrides: Partial<CaseMatchProfile> = {}): CaseMatchProfile {
  return {
    caseType: 'sijs',
    childPrimaryLanguage: 'quc',
    childOtherLanguages: ['spa'],
    sponsorLanguage: 'spa',
    childState: 'NY',
    childLocation: { lat: 40.6782, lon: -73.9442 }, // Brooklyn
    courtLocation: { lat: 40.7146, lon: -74.0036 }, // 26 Federal Plaza
    daysToNextEvent: 20,
    declinedByAttorneyIds: [],
    ...overrides,
  };
}

/** An eligible attorney for `aCase()`: 12 mi away, English only, 2 of 5 slots open, 4 SIJS matters. */
export function anAttorney(overrides: Partial<AttorneyMatchProfile> = {}): AttorneyMatchProfile {
  return {
    id: 'att-1',
    active: true,
    pausedUntil: null,
    capacity: 5,
    openMatters: 3,
    practiceAreas: ['removal_defense', 'asylum', 'sijs', 't_visa', 'u_visa', 'other'],
    barAdmissions: ['NY'],
    languages: [{ code: 'eng', proficiency: 'native' }],
    officeLocation: { lat: 40.7128, lon: -74.006 },
    travelRadiusMiles: 50,
    remoteOk: false,
    experienceByCaseType: { sijs: 4, asylum: 1 },
    recentOffersAndAssignments: 1,
    distanceMiles: 12,
    ...overrides,
  };
}
