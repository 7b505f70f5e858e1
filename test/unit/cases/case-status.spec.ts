import { CASE_STATUSES, CASE_TRANSITIONS, canTransition, isManualTransition, MANUAL_TRANSITIONS } from '../../../src/cases/case-status';

describe('case status machine', () => {
  const expected = new Set([
    'intake>seeking_counsel',
    'intake>closed',
    'seeking_counsel>offered',
    'seeking_counsel>represented',
    'seeking_counsel>closed',
    'offered>seeking_counsel',
    'offered>represented',
    'offered>closed',
    'represented>seeking_counsel',
    'represented>closed',
    'closed>intake',
  ]);

  it.each(CASE_STATUSES.flatMap((from) => CASE_STATUSES.map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(expected.has(`${from}>${to}`));
  });

  it('never allows staying put or jumping from intake straight to representation', () => {
    for (const s of CASE_STATUSES) expect(canTransition(s, s)).toBe(false);
    expect(canTransition('intake', 'represented')).toBe(false);
    expect(canTransition('intake', 'offered')).toBe(false);
    expect(canTransition('closed', 'represented')).toBe(false);
  });

  it('allows by hand only transitions of the machine, and never offered/represented', () => {
    for (const [from, to] of MANUAL_TRANSITIONS) expect(CASE_TRANSITIONS[from]).toContain(to);
    for (const from of CASE_STATUSES) {
      expect(isManualTransition(from, 'offered')).toBe(false);
      expect(isManualTransition(from, 'represented')).toBe(false);
    }
  });
});
