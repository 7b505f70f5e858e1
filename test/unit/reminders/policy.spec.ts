import {
  checkReminderPolicy,
  DEFAULT_REMINDER_POLICY,
  MORNING_OF,
  offsetKeyOf,
  parseReminderPolicy,
  ReminderPolicyError,
  type ReminderPolicy,
} from '../../../src/reminders/planning';

/** A copy of the default policy as an admin would send it (JSON), with one change applied. */
function edited(change: (policy: Record<string, unknown>) => void): unknown {
  const policy = JSON.parse(JSON.stringify(DEFAULT_REMINDER_POLICY)) as Record<string, unknown>;
  change(policy);
  return policy;
}

function issuesOf(input: unknown): string[] {
  const check = checkReminderPolicy(input);
  return check.ok ? [] : check.issues.map((issue) => `${issue.path}: ${issue.message}`);
}

type Hearing = Record<string, unknown[]>;

describe('reminder policy', () => {
  it('default policy is valid and survives a JSON round trip', () => {
    expect(parseReminderPolicy(DEFAULT_REMINDER_POLICY)).toEqual(DEFAULT_REMINDER_POLICY);
    expect(parseReminderPolicy(JSON.parse(JSON.stringify(DEFAULT_REMINDER_POLICY)))).toEqual(
      DEFAULT_REMINDER_POLICY,
    );
  });

  it('default cadence: family 14 d, 3 d, 1 d and the morning of; counsel 7 d and 1 d', () => {
    const keys = (role: keyof ReminderPolicy['hearing']) =>
      DEFAULT_REMINDER_POLICY.hearing[role].map(offsetKeyOf);
    expect(keys('child')).toEqual(['P14D', 'P3D', 'P1D', 'D0T0800']);
    expect(keys('sponsor')).toEqual(['P14D', 'P3D', 'P1D', 'D0T0800']);
    expect(keys('attorney')).toEqual(['P7D', 'P1D']);
    expect(keys('coordinator')).toEqual([]);
    expect(DEFAULT_REMINDER_POLICY.deadline.counsel.child).toEqual([]);
    expect(DEFAULT_REMINDER_POLICY.deadline.family.child.length).toBeGreaterThan(0);
    expect(DEFAULT_REMINDER_POLICY.quietHours).toEqual({ start: '21:00', end: '07:00' });
  });

  it.each([
    [{ kind: 'before', days: 14 }, 'P14D'],
    [{ kind: 'before', minutes: 2 }, 'PT2M'],
    [{ kind: 'before', seconds: 30 }, 'PT30S'],
    [{ kind: 'before', minutes: 90 }, 'PT1H30M'],
    [{ kind: 'before', hours: 1, minutes: 30 }, 'PT1H30M'],
    [{ kind: 'before', days: 1, hours: 12 }, 'P1DT12H'],
    [{ kind: 'before', hours: 24 }, 'PT24H'],
    [MORNING_OF, 'D0T0800'],
    [{ kind: 'localTime', daysBefore: 10, at: '09:30' }, 'D10T0930'],
  ] as const)('offset %j has key %s', (offset, key) => {
    expect(offsetKeyOf(offset)).toBe(key);
  });

  it('accepts a policy shortened to minutes and seconds for tests, with no quiet hours', () => {
    const policy = parseReminderPolicy({
      hearing: {
        child: [
          { kind: 'before', minutes: 2 },
          { kind: 'before', seconds: 30 },
        ],
      },
      deadline: { family: {}, counsel: {} },
      quietHours: null,
      minLeadMinutes: 1,
      catchUp: false,
    });
    expect(policy.hearing.child.map(offsetKeyOf)).toEqual(['PT2M', 'PT30S']);
    expect(policy.hearing.sponsor).toEqual([]); // a role left out hears nothing
  });

  it('refuses negative offsets, naming where', () => {
    const issues = issuesOf(
      edited((p) => ((p.hearing as Hearing).child[1] = { kind: 'before', minutes: -5 })),
    );
    expect(issues).toEqual([
      expect.stringMatching(/^hearing\.child\[1\]\.minutes: minutes must not be negative/),
    ]);
  });

  it('refuses fractional and zero offsets', () => {
    expect(
      issuesOf(edited((p) => ((p.hearing as Hearing).child[0] = { kind: 'before', days: 1.5 }))),
    ).toEqual([expect.stringContaining('hearing.child[0].days: days must be a whole number')]);
    expect(
      issuesOf(edited((p) => ((p.hearing as Hearing).attorney[0] = { kind: 'before', hours: 0 }))),
    ).toEqual([expect.stringContaining('hearing.attorney[0]: a "before" offset must be more than zero')]);
  });

  it('refuses unknown roles and actors, listing the known ones', () => {
    const [role] = issuesOf(edited((p) => ((p.hearing as Hearing).lawyer = [])));
    expect(role).toContain('unknown recipient role "lawyer"');
    expect(role).toContain('child, sponsor, attorney, coordinator');
    const [actor] = issuesOf(edited((p) => ((p.deadline as Record<string, unknown>).court = {})));
    expect(actor).toContain('unknown deadline actor "court"');
  });

  it('refuses unknown offset kinds and stray fields', () => {
    expect(
      issuesOf(edited((p) => ((p.hearing as Hearing).child[0] = { kind: 'after', days: 1 })))[0],
    ).toContain('kind must be "before"');
    expect(
      issuesOf(edited((p) => ((p.hearing as Hearing).child[0] = { kind: 'before', weeks: 2 }))),
    ).toHaveLength(1);
  });

  it('refuses malformed quiet hours', () => {
    expect(issuesOf(edited((p) => (p.quietHours = { start: '9pm', end: '07:00' })))[0]).toMatch(
      /^quietHours\.start: must be a 24-hour time/,
    );
    expect(issuesOf(edited((p) => (p.quietHours = { start: '24:00', end: '07:00' })))).toHaveLength(1);
    expect(issuesOf(edited((p) => (p.quietHours = { start: '21:00', end: '21:00' })))[0]).toContain(
      'start and end are equal',
    );
    expect(issuesOf(edited((p) => (p.quietHours = { start: '07:30', end: '07:00' })))[0]).toContain(
      'leaves less than an hour',
    );
  });

  it('refuses a time-of-day offset inside quiet hours (it would always move to the night before)', () => {
    const issues = issuesOf(
      edited((p) => ((p.hearing as Hearing).child[3] = { kind: 'localTime', daysBefore: 0, at: '06:30' })),
    );
    expect(issues).toEqual([
      expect.stringMatching(/^hearing\.child\[3\]\.at: 06:30 is inside quiet hours 21:00–07:00/),
    ]);
  });

  it('refuses duplicate offsets, also when written differently', () => {
    const issues = issuesOf(
      edited(
        (p) =>
          ((p.hearing as Hearing).attorney = [
            { kind: 'before', minutes: 90 },
            { kind: 'before', hours: 1, minutes: 30 },
          ]),
      ),
    );
    expect(issues).toEqual(['hearing.attorney[1]: same offset as hearing.attorney[0] (PT1H30M)']);
  });

  it('refuses a minimum lead below one minute', () => {
    expect(issuesOf(edited((p) => (p.minLeadMinutes = 0)))[0]).toContain('minLeadMinutes must be at least 1');
  });

  it('throws one error listing every problem', () => {
    const input = edited((p) => {
      (p.hearing as Hearing).child[0] = { kind: 'before', days: -1 };
      p.catchUp = 'yes';
    });
    expect(() => parseReminderPolicy(input)).toThrow(ReminderPolicyError);
    try {
      parseReminderPolicy(input);
    } catch (error) {
      expect((error as ReminderPolicyError).issues.map((i) => i.path).sort()).toEqual([
        'catchUp',
        'hearing.child[0].days',
      ]);
      expect((error as Error).message).toContain('Invalid reminder policy');
    }
  });
});
