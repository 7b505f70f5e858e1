/** A valid child intake body; tests override what they probe. */
export function childBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    firstName: 'Ana',
    lastName: 'Tzoc',
    dateOfBirth: '2010-04-17',
    countryOfBirth: 'GT',
    aNumber: `A${Math.floor(100_000_000 + Math.random() * 899_999_999)}`,
    primaryLanguage: 'quc',
    otherLanguages: ['spa'],
    spanishProficiency: 'basic',
    releaseDate: '2026-09-01',
    address: { street: '41-12 Junction Blvd Apt 3', zip: '11368' },
    phone: '(718) 555-0142',
    email: 'ana.family@example.org',
    reminderChannels: ['email'],
    reminderConsent: true,
    sponsor: {
      firstName: 'Rosa',
      lastName: 'Tzoc',
      relationshipCategory: 2,
      relationship: 'aunt',
      address: { street: '41-12 Junction Blvd Apt 3', zip: '11368' },
      phone: '718-555-0199',
      email: 'rosa.sponsor@example.org',
      preferredLanguage: 'spa',
      reminderChannels: ['email'],
    },
    ...overrides,
  };
}

export function attorneyBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    email: `atty-${Math.random().toString(36).slice(2, 8)}@test.amparo`,
    displayName: 'Test Attorney',
    barAdmissions: ['NY'],
    languages: [
      { code: 'spa', proficiency: 'fluent' },
      { code: 'eng', proficiency: 'native' },
    ],
    practiceAreas: ['removal_defense', 'sijs'],
    office: { street: '1 Centre St', zip: '10007' },
    travelRadiusMiles: 30,
    remoteOk: false,
    capacity: 3,
    ...overrides,
  };
}
