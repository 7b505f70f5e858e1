import fc from 'fast-check';
import {
  checkReminderPolicy,
  DEADLINE_ACTORS,
  RECIPIENT_ROLES,
  type RecipientRole,
  type ReminderOffset,
} from '../../../src/reminders/planning';

/*
 * The policy's bounds (issue 10: 10,000 offsets were accepted): per list at most 8 offsets, at most 60 days ahead,
 * two offsets of one kind at least 60 min (family) / 15 min (counsel, coordinator) apart, or half the nearer one's
 * lead when that is less. Written here independently of the validator.
 */
const MAX = 8;
const MAX_LEAD_MIN = 60 * 1440;
const SPACING: Record<RecipientRole, number> = { child: 60, sponsor: 60, attorney: 15, coordinator: 15 };

const toMinutes = (at: string) => Number(at.slice(0, 2)) * 60 + Number(at.slice(3));
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

function leadOf(o: ReminderOffset): number {
  if (o.kind === 'localTime') return o.daysBefore * 1440 - toMinutes(o.at);
  return (o.days ?? 0) * 1440 + (o.hours ?? 0) * 60 + (o.minutes ?? 0) + (o.seconds ?? 0) / 60;
}

function wellSpaced(role: RecipientRole, list: readonly ReminderOffset[]): boolean {
  for (let i = 0; i < list.length; i++)
    for (let j = 0; j < i; j++) {
      if (list[i].kind !== list[j].kind) continue;
      const [a, b] = [leadOf(list[i]), leadOf(list[j])];
      if (Math.abs(a - b) < Math.min(SPACING[role], Math.min(a, b) / 2)) return false;
    }
  return true;
}

// A `before` offset from a lead in seconds, split into parts the way an admin might write it.
const beforeArb: fc.Arbitrary<ReminderOffset> = fc
  .oneof(
    fc.integer({ min: 1, max: 7200 }), // minutes-scale test policies
    fc.integer({ min: 1, max: MAX_LEAD_MIN * 60 }), // anything up to 60 days
    fc.integer({ min: 1, max: 60 }).map((d) => d * 86400), // whole days
  )
  .chain((total) =>
    fc.constantFrom('split', 'seconds', 'minutes').map((style): ReminderOffset => {
      if (style === 'seconds') return { kind: 'before', seconds: total };
      if (style === 'minutes' && total % 60 === 0) return { kind: 'before', minutes: total / 60 };
      const days = Math.floor(total / 86400);
      const rest = total % 86400;
      const parts: { days?: number; hours?: number; minutes?: number; seconds?: number } = {};
      if (days) parts.days = days;
      if (Math.floor(rest / 3600)) parts.hours = Math.floor(rest / 3600);
      if (Math.floor((rest % 3600) / 60)) parts.minutes = Math.floor((rest % 3600) / 60);
      if (rest % 60) parts.seconds = rest % 60;
      return { kind: 'before', ...parts };
    }),
  );

// Outside the fixed quiet hours 21:00–07:00 below.
const localTimeArb: fc.Arbitrary<ReminderOffset> = fc
  .record({ daysBefore: fc.integer({ min: 0, max: 60 }), at: fc.integer({ min: 7 * 60, max: 21 * 60 - 1 }) })
  .map(({ daysBefore, at }) => ({ kind: 'localTime', daysBefore, at: hhmm(at) }) as ReminderOffset);

const offsetArb = fc.oneof(beforeArb, localTimeArb);

const listArb = (role: RecipientRole) =>
  fc.array(offsetArb, { maxLength: MAX }).filter((list) => wellSpaced(role, list));

const byRoleArb = fc.record({
  child: listArb('child'),
  sponsor: listArb('sponsor'),
  attorney: listArb('attorney'),
  coordinator: listArb('coordinator'),
});

const policyArb = fc.record({
  hearing: byRoleArb,
  deadline: fc.record({ family: byRoleArb, counsel: byRoleArb }),
  quietHours: fc.constant({ start: '21:00', end: '07:00' }),
  minLeadMinutes: fc.integer({ min: 1, max: 1440 }),
  catchUp: fc.boolean(),
});

type Policy = typeof policyArb extends fc.Arbitrary<infer P> ? P : never;

const LISTS: { path: string; role: RecipientRole; get: (p: Policy) => ReminderOffset[] }[] =
  RECIPIENT_ROLES.flatMap((role) => [
    { path: `hearing.${role}`, role, get: (p: Policy) => p.hearing[role] },
    ...DEADLINE_ACTORS.map((actor) => ({
      path: `deadline.${actor}.${role}`,
      role,
      get: (p: Policy) => p.deadline[actor][role],
    })),
  ]);

/** One way out of bounds, applied to one list; returns the path the refusal must name (or start with). */
type Breach = (list: ReminderOffset[], role: RecipientRole) => string;

const breachArb: fc.Arbitrary<{ name: string; breach: Breach }> = fc.oneof(
  fc.integer({ min: MAX + 1, max: 40 }).map((n) => ({
    name: `${n} offsets`,
    breach: (list: ReminderOffset[]) => {
      list.splice(
        0,
        list.length,
        ...Array.from({ length: n }, (_, i) => ({ kind: 'before', days: i + 1 }) as const),
      );
      return '';
    },
  })),
  fc
    .oneof(
      fc.integer({ min: 61, max: 100_000 }).map((days): ReminderOffset => ({ kind: 'before', days })),
      fc.integer({ min: 1, max: 1000 }).map((hours): ReminderOffset => ({ kind: 'before', days: 60, hours })),
      fc
        .integer({ min: MAX_LEAD_MIN + 1, max: 10 ** 9 })
        .map((minutes): ReminderOffset => ({ kind: 'before', minutes })),
      fc
        .integer({ min: 61, max: 100_000 })
        .map((daysBefore): ReminderOffset => ({ kind: 'localTime', daysBefore, at: '09:00' })),
    )
    .map((far) => ({
      name: `too far ${JSON.stringify(far)}`,
      breach: (list: ReminderOffset[]) => {
        list.splice(0, list.length, far);
        return '[0]';
      },
    })),
  fc
    .record({
      lead: fc.integer({ min: 1, max: MAX_LEAD_MIN * 60 }),
      closer: fc.double({ min: 0, max: 0.999, noNaN: true }),
    })
    .map(({ lead, closer }) => ({
      name: `two offsets too close (lead ${lead} s, ${closer} of the minimum gap)`,
      breach: (list: ReminderOffset[], role: RecipientRole) => {
        const need = Math.min(SPACING[role] * 60, lead / 2); // seconds, the first lead is the nearer one
        const second = lead + Math.floor(need * closer);
        if (second > MAX_LEAD_MIN * 60) return 'skip';
        list.splice(0, list.length, { kind: 'before', seconds: lead }, { kind: 'before', seconds: second });
        return '[1]';
      },
    })),
  offsetArb.map((offset) => ({
    name: `duplicate ${JSON.stringify(offset)}`,
    breach: (list: ReminderOffset[]) => {
      list.splice(0, list.length, offset, { ...offset });
      return '[1]';
    },
  })),
);

describe('reminder policy bounds (property)', () => {
  it('accepts every policy within the bounds, unchanged through JSON', () => {
    fc.assert(
      fc.property(policyArb, (policy) => {
        const check = checkReminderPolicy(JSON.parse(JSON.stringify(policy)));
        if (!check.ok) throw new Error(`refused: ${JSON.stringify(check.issues)}`);
        expect(check.policy).toEqual(policy);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every policy with one list out of bounds, naming that list', () => {
    fc.assert(
      fc.property(policyArb, fc.nat({ max: LISTS.length - 1 }), breachArb, (policy, which, { breach }) => {
        const list = LISTS[which];
        const suffix = breach(list.get(policy), list.role);
        fc.pre(suffix !== 'skip');
        const check = checkReminderPolicy(JSON.parse(JSON.stringify(policy)));
        expect(check.ok).toBe(false);
        if (check.ok) return;
        expect(check.issues.map((i) => i.path)).toContainEqual(
          suffix === '[0]'
            ? expect.stringMatching(new RegExp(`^${list.path.replace(/\./g, '\\.')}\\[0\\]`))
            : `${list.path}${suffix}`,
        );
      }),
      { numRuns: 400 },
    );
  });

  it("names the field of the issue's example: 10,000 offsets, one too close, one too far", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ kind: 'before', seconds: i + 1 }));
    const policy = (child: unknown[]) => ({
      hearing: { child },
      deadline: { family: {}, counsel: {} },
      quietHours: null,
      minLeadMinutes: 60,
      catchUp: true,
    });
    const issues = (child: unknown[]) => {
      const check = checkReminderPolicy(policy(child));
      return check.ok ? [] : check.issues;
    };
    expect(issues(many)).toEqual([{ path: 'hearing.child', message: 'at most 8 reminders per role' }]);
    expect(
      issues([
        { kind: 'before', days: 3 },
        { kind: 'before', days: 3, minutes: 30 },
      ]),
    ).toEqual([
      {
        path: 'hearing.child[1]',
        message: 'only 30 min from hearing.child[0] (P3D): child reminders must be at least 60 min apart',
      },
    ]);
    expect(issues([{ kind: 'before', days: 61 }])[0].path).toBe('hearing.child[0].days');
    expect(issues([{ kind: 'before', days: 59, hours: 48 }])[0].path).toBe('hearing.child[0]');
  });
});
