import { checkChildIntake, checkSponsorIntake, IntakeContext } from '../../../src/children/child-intake';

const context: IntakeContext = { today: '2026-11-27', knownLanguages: new Set(['spa', 'quc', 'mam', 'eng']) };
const valid = {
  dateOfBirth: '2010-04-17',
  releaseDate: '2026-09-01',
  countryOfBirth: 'GT',
  aNumber: 'A-123-456-789',
  primaryLanguage: 'quc',
  otherLanguages: ['spa'],
  address: { street: '12 Main St', zip: '10001' },
  phone: '(212) 555-0143',
  email: 'family@example.org',
  reminderChannels: ['email' as const, 'sms' as const],
};

const fieldsOf = (input: Partial<typeof valid> & Record<string, unknown>) =>
  checkChildIntake({ ...valid, ...input } as never, context).errors.map((e) => e.field);

describe('child intake rules', () => {
  it('accepts a valid child and normalizes A-number, phone and place', () => {
    const { checked, errors } = checkChildIntake(valid, context);
    expect(errors).toEqual([]);
    expect(checked.aNumber).toBe('123456789');
    expect(checked.phone).toBe('+12125550143');
    expect(checked.address?.place).toMatchObject({ state: 'NY', county: 'New York', timeZone: 'America/New_York' });
  });

  it.each([
    [{ aNumber: '12-34' }, 'aNumber'],
    [{ dateOfBirth: '2010-02-30' }, 'dateOfBirth'],
    [{ dateOfBirth: '2027-01-01', releaseDate: '2026-01-01' }, 'dateOfBirth'],
    [{ dateOfBirth: '2000-01-01' }, 'dateOfBirth'],
    [{ dateOfBirth: '2008-09-01', releaseDate: '2026-09-01' }, 'dateOfBirth'],
    [{ releaseDate: '2009-01-01' }, 'releaseDate'],
    [{ releaseDate: '2026-12-31' }, 'releaseDate'],
    [{ countryOfBirth: 'ZZ' }, 'countryOfBirth'],
    [{ primaryLanguage: 'xxx' }, 'primaryLanguage'],
    [{ otherLanguages: ['spa', 'zzz'] }, 'otherLanguages.1'],
    [{ address: { zip: '00000' } }, 'address.zip'],
    [{ phone: '555' }, 'phone'],
    [{ email: undefined }, 'reminderChannels'],
    [{ phone: undefined }, 'reminderChannels'],
  ])('refuses %j on %s', (input, field) => {
    expect(fieldsOf(input as never)).toContain(field);
  });

  it('accepts a child released the day before their 18th birthday and refuses one released on it', () => {
    expect(fieldsOf({ dateOfBirth: '2008-09-02', releaseDate: '2026-09-01' })).toEqual([]);
    expect(fieldsOf({ dateOfBirth: '2008-09-01', releaseDate: '2026-09-01' })).toContain('dateOfBirth');
  });

  it('checks sponsors with the same rules, prefixed', () => {
    const { errors } = checkSponsorIntake({ preferredLanguage: 'qqq', address: { zip: '99999' }, phone: 'abc', reminderChannels: ['email'] }, context);
    expect(errors.map((e) => e.field).sort()).toEqual(['sponsor.address.zip', 'sponsor.phone', 'sponsor.preferredLanguage', 'sponsor.reminderChannels']);
  });
});
