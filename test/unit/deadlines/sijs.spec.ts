import {
  RULE_IDS,
  SIJS_STATE_AGE_LIMITS,
  SijsStateAgeLimit,
  computeCaseDeadlines,
  sijsAgeLimitFor,
} from '../../../src/deadlines/engine';
import { readReferenceText, snapshot } from './fixtures';

const STATES_AND_DC = (
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH ' +
  'OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'
).split(' ');
const TERRITORIES = ['PR', 'GU', 'MP', 'VI', 'AS'];

/** The age lists of deadline-rules.md §11 ("Up to 21: CA, CO, …", "19: AL, NE.", "18: AK, …"). */
function secondarySourceAges(): Map<string, number> {
  const markdown = readReferenceText('deadline-rules.md');
  const section = markdown.slice(markdown.indexOf('## 11.'), markdown.indexOf('## 12.'));
  const ages = new Map<string, number>();
  for (const match of section.matchAll(/^\s*- (?:Up to )?(\d+): ([A-Z, ]+)\.?$/gm)) {
    for (const state of match[2].split(',').map((code) => code.trim())) ages.set(state, Number(match[1]));
  }
  return ages;
}

function stateOrderDue(state: string, dateOfBirth = '2010-06-15'): string {
  const result = computeCaseDeadlines(snapshot({ caseType: 'sijs', child: { dateOfBirth, state } }));
  const deadline = result.deadlines.find((candidate) => candidate.ruleId === RULE_IDS.sijsStateCourtOrder);
  if (!deadline) throw new Error(`no SIJS deadline for ${state}`);
  return deadline.dueDate;
}

describe('SIJS state age limits', () => {
  it('covers the 50 states, DC and the territories, and nothing else', () => {
    expect(STATES_AND_DC).toHaveLength(51);
    expect(Object.keys(SIJS_STATE_AGE_LIMITS).sort()).toEqual([...STATES_AND_DC, ...TERRITORIES].sort());
    for (const [code, entry] of Object.entries(SIJS_STATE_AGE_LIMITS)) {
      expect(entry.state).toBe(code);
      expect([18, 19, 21]).toContain(entry.ageLimit);
      expect(entry.verified).toBe(entry.sourceStatus === 'V');
      expect(entry.source.length).toBeGreaterThan(10);
    }
  });

  it('takes every age deadline-rules.md reports, marked as secondary-source [S]', () => {
    const ages = secondarySourceAges();
    expect(ages.size).toBe(13 + 2 + 14);
    for (const [state, age] of ages) {
      expect([
        state,
        SIJS_STATE_AGE_LIMITS[state].ageLimit,
        SIJS_STATE_AGE_LIMITS[state].sourceStatus,
      ]).toEqual([state, age, 'S']);
    }
  });

  it('marks every other jurisdiction unverified [U]: 21 for NY, NJ, OR, WA, the conservative 18 elsewhere', () => {
    const ages = secondarySourceAges();
    for (const entry of Object.values(SIJS_STATE_AGE_LIMITS)) {
      if (ages.has(entry.state)) continue;
      expect([entry.state, entry.sourceStatus, entry.verified]).toEqual([entry.state, 'U', false]);
      const expected = ['NY', 'NJ', 'OR', 'WA'].includes(entry.state) ? 21 : 18;
      expect([entry.state, entry.ageLimit]).toEqual([entry.state, expected]);
    }
  });

  // Born 2010-06-15: 18th birthday Thu 2028-06-15, 19th Fri 2029-06-15, 21st Sun 2031-06-15.
  const DUE_BY_AGE: Record<number, string> = { 18: '2028-06-14', 19: '2029-06-14', 21: '2031-06-13' };

  it.each(Object.values(SIJS_STATE_AGE_LIMITS).map((entry) => [entry.state, entry.ageLimit] as const))(
    'computes the state-order deadline for %s (age limit %i)',
    (state, ageLimit) => {
      expect(stateOrderDue(state)).toBe(DUE_BY_AGE[ageLimit]);
    },
  );

  it('spot-checks the well-known ones', () => {
    expect(stateOrderDue('CA')).toBe('2031-06-13');
    expect(stateOrderDue('AL')).toBe('2029-06-14');
    expect(stateOrderDue('GA')).toBe('2028-06-14');
    expect(stateOrderDue('ca')).toBe('2031-06-13');
  });

  it('carries the state entry’s source and status on the deadline', () => {
    const result = computeCaseDeadlines(
      snapshot({ caseType: 'sijs', child: { dateOfBirth: '2010-06-15', state: 'FL' } }),
    );
    const deadline = result.deadlines.find((candidate) => candidate.ruleId === RULE_IDS.sijsStateCourtOrder);
    expect(deadline).toMatchObject({ sourceStatus: 'S', source: SIJS_STATE_AGE_LIMITS.FL.source });
    expect(deadline?.explanation).toContain('age limit 21 in Florida, unverified [S]');
  });

  it('lets a program override a state (e.g. from Project Lifeline) and the unlisted default', () => {
    const texas21: SijsStateAgeLimit = {
      state: 'TX',
      name: 'Texas',
      ageLimit: 21,
      sourceStatus: 'V',
      verified: true,
      source: 'test override',
    };
    const options = { sijsAgeLimits: { TX: texas21 } };
    expect(sijsAgeLimitFor('TX', options)).toBe(texas21);
    const result = computeCaseDeadlines(
      snapshot({ caseType: 'sijs', child: { dateOfBirth: '2010-06-15', state: 'TX' } }),
      options,
    );
    const deadline = result.deadlines.find((candidate) => candidate.ruleId === RULE_IDS.sijsStateCourtOrder);
    expect(deadline).toMatchObject({ dueDate: '2031-06-13', sourceStatus: 'V' });
    expect(deadline?.explanation).toContain('age limit 21 in Texas, verified');

    expect(sijsAgeLimitFor('ZZ')).toMatchObject({ ageLimit: 18, sourceStatus: 'U', verified: false });
    expect(sijsAgeLimitFor('ZZ', { unlistedJurisdictionSijsAgeLimit: 21 }).ageLimit).toBe(21);
    expect(stateOrderDue('ZZ')).toBe('2028-06-14');
  });
});
