import type { ComputedDeadline, DeadlineNotice } from '../../../src/deadlines/engine';
import { planDeadlineSync, StoredDeadline, valuesOf } from '../../../src/deadlines/deadline-sync';

const ZONE = 'America/New_York';

function computed(key: string, dueDate: string, overrides: Partial<ComputedDeadline> = {}): ComputedDeadline {
  const [ruleId, triggerRef] = key.split('@');
  return {
    key,
    ruleId,
    origin: 'rule',
    triggerKind: 'hearing',
    triggerRef,
    triggerDate: '2027-03-03',
    computedDate: dueDate,
    dueDate,
    remindBy: dueDate,
    actor: 'counsel',
    title: `Title of ${ruleId}`,
    explanation: `Because of ${triggerRef}`,
    sourceStatus: 'V',
    source: 'ICPM',
    ...overrides,
  };
}

function stored(
  deadline: ComputedDeadline,
  id: string,
  status: StoredDeadline['status'] = 'open',
): StoredDeadline {
  return { id, key: deadline.key, status, ...valuesOf(deadline, ZONE) };
}

describe('planDeadlineSync', () => {
  const a = computed('filing_before_master_hearing@hearing:h1', '2027-02-16');
  const b = computed('bia_appeal@decision:d1', '2026-11-16', { triggerKind: 'ij_decision' });

  it('inserts what is new and leaves what is unchanged alone', () => {
    const plan = planDeadlineSync({ existing: [stored(a, 'A')], computed: [a, b], timeZone: ZONE });
    expect(plan.inserts.map((d) => d.key)).toEqual([b.key]);
    expect(plan.inserts[0]).toMatchObject({ dueDate: '2026-11-16', timeZone: ZONE, origin: 'rule' });
    expect(plan.updates).toEqual([]);
    expect(plan.supersedes).toEqual([]);
  });

  it('updates a moved due date in place and keeps met or waived status', () => {
    const moved = computed(a.key, '2027-03-02');
    for (const status of ['open', 'met', 'waived'] as const) {
      const plan = planDeadlineSync({
        existing: [stored(a, 'A', status)],
        computed: [moved],
        timeZone: ZONE,
      });
      expect(plan.updates).toEqual([
        expect.objectContaining({
          id: 'A',
          changes: expect.objectContaining({ dueDate: '2027-03-02' }),
          previousDueDate: '2027-02-16',
        }),
      ]);
      expect(plan.updates[0].status).toBeUndefined();
    }
  });

  it('reopens a missed deadline whose date moved, and a superseded one whose trigger is back', () => {
    const moved = computed(a.key, '2027-03-02');
    const missed = planDeadlineSync({
      existing: [stored(a, 'A', 'missed')],
      computed: [moved],
      timeZone: ZONE,
      cause: 'hearing rescheduled',
    });
    expect(missed.updates[0].status).toEqual({
      to: 'open',
      note: 'Due date changed from 2027-02-16 to 2027-03-02 (hearing rescheduled).',
    });
    const stillMissed = planDeadlineSync({
      existing: [stored(a, 'A', 'missed')],
      computed: [a],
      timeZone: ZONE,
    });
    expect(stillMissed.updates).toEqual([]);
    const back = planDeadlineSync({
      existing: [stored(a, 'A', 'superseded')],
      computed: [a],
      timeZone: ZONE,
    });
    expect(back.updates).toEqual([
      expect.objectContaining({ id: 'A', changes: {}, status: expect.objectContaining({ to: 'open' }) }),
    ]);
  });

  it('supersedes open and missed deadlines that are gone, never met, waived or frozen ones', () => {
    const rows = [stored(a, 'A', 'open'), stored(b, 'B', 'missed')];
    const plan = planDeadlineSync({
      existing: rows,
      computed: [],
      timeZone: ZONE,
      cause: 'hearing cancelled',
    });
    expect(plan.supersedes.map((s) => s.id)).toEqual(['A', 'B']);
    expect(plan.supersedes[0].note).toContain('hearing cancelled');
    const kept = planDeadlineSync({
      existing: [stored(a, 'A', 'met'), stored(b, 'B', 'waived')],
      computed: [],
      timeZone: ZONE,
    });
    expect(kept.supersedes).toEqual([]);
    const frozen = planDeadlineSync({
      existing: rows,
      computed: [],
      timeZone: ZONE,
      frozenTriggerRefs: new Set(['hearing:h1']),
    });
    expect(frozen.supersedes.map((s) => s.id)).toEqual(['B']);
  });

  it('explains a supersession with the engine notice when there is one', () => {
    const notice: DeadlineNotice = {
      key: a.key,
      ruleId: a.ruleId,
      triggerRef: a.triggerRef,
      kind: 'overridden_by_manual',
      actor: 'counsel',
      explanation: 'Replaced by the deadline set by hand.',
      reviewOn: null,
      sourceStatus: 'S',
      source: 'x',
    };
    const plan = planDeadlineSync({
      existing: [stored(a, 'A')],
      computed: [],
      notices: [notice],
      timeZone: ZONE,
    });
    expect(plan.supersedes[0].note).toBe('Replaced by the deadline set by hand.');
  });

  it('on a closed case supersedes open deadlines only and computes nothing new', () => {
    const rows = [stored(a, 'A', 'open'), stored(b, 'B', 'missed')];
    const plan = planDeadlineSync({
      existing: rows,
      computed: [a, b, computed('x@y', '2027-01-01')],
      timeZone: ZONE,
      caseClosed: true,
    });
    expect(plan.inserts).toEqual([]);
    expect(plan.updates).toEqual([]);
    expect(plan.supersedes).toEqual([{ id: 'A', key: a.key, note: 'The case was closed.' }]);
  });

  it('is idempotent: applying a plan and planning again gives nothing', () => {
    const first = planDeadlineSync({ existing: [], computed: [a, b], timeZone: ZONE });
    const rows = first.inserts.map((d, i) => ({ id: String(i), status: 'open' as const, ...d }));
    expect(planDeadlineSync({ existing: rows, computed: [a, b], timeZone: ZONE })).toEqual({
      inserts: [],
      updates: [],
      supersedes: [],
    });
  });
});
