import {
  daysBefore,
  DEFAULT_REMINDER_POLICY,
  diffReminderPlans,
  parseReminderPolicy,
  planHearingReminders,
  type ExistingReminderRow,
  type HearingToPlan,
  type PlannedReminder,
  type ReminderPlan,
  type ReminderRecipient,
  type ReminderRowStatus,
} from '../../../src/reminders/planning';
import { at, recipient } from './support';

interface Row extends ExistingReminderRow {
  id: number;
}

const NY = 'America/New_York';
const hearing = (overrides: Partial<HearingToPlan> = {}): HearingToPlan => ({
  id: 'h-7',
  version: 1,
  startsAt: at('2026-03-17T13:00:00Z'),
  courtZone: NY,
  status: 'scheduled',
  ...overrides,
});
const family: ReminderRecipient[] = [
  recipient({ role: 'child', recipientKey: 'child:1', language: 'spa', channels: ['sms', 'email'] }),
  recipient({ role: 'sponsor', recipientKey: 'sponsor:1', language: 'spa' }),
  recipient({ role: 'attorney', recipientKey: 'attorney:1', channels: ['email'] }),
];
const now = at('2026-02-01T12:00:00Z');

let nextId = 1;
function rowsOf(plan: ReminderPlan, status: ReminderRowStatus = 'scheduled'): Row[] {
  return plan.sends.map((send) => ({ id: nextId++, dedupeKey: send.dedupeKey, status }));
}

function expectPartition(
  rows: Row[],
  diff: ReturnType<typeof diffReminderPlans<Row, PlannedReminder>>,
): void {
  const seen = [...diff.toCancel, ...diff.toRevive.map((r) => r.row), ...diff.unchanged];
  expect(seen.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
}

describe('diffReminderPlans', () => {
  it('re-planning an unchanged hearing changes nothing', () => {
    const plan = planHearingReminders({ hearing: hearing(), recipients: family, now });
    const rows = rowsOf(plan);
    const diff = diffReminderPlans(
      rows,
      planHearingReminders({ hearing: hearing(), recipients: family, now }),
    );
    expect(diff).toEqual({ toCancel: [], toCreate: [], toRevive: [], unchanged: rows });
  });

  it('a reschedule (version bump) cancels every scheduled old row and creates the new ones; sent rows stay history', () => {
    const v1 = planHearingReminders({ hearing: hearing(), recipients: family, now });
    const rows = rowsOf(v1);
    rows[0].status = 'sent';
    rows[1].status = 'failed';
    const later = at('2026-03-05T00:00:00Z');
    const v2 = planHearingReminders({
      hearing: hearing({ version: 2, startsAt: at('2026-03-24T13:00:00Z') }),
      recipients: family,
      now: later,
    });
    const diff = diffReminderPlans(rows, v2);
    expect(diff.toCancel).toEqual(rows.slice(2));
    expect(diff.toCreate).toEqual(v2.sends);
    expect(diff.toCreate.every((s) => s.hearingVersion === 2)).toBe(true);
    expect(diff.unchanged).toEqual(rows.slice(0, 2));
    expectPartition(rows, diff);
  });

  it('a version bump with the same time still replaces every row (the job ids change)', () => {
    const rows = rowsOf(planHearingReminders({ hearing: hearing(), recipients: family, now }));
    const diff = diffReminderPlans(
      rows,
      planHearingReminders({ hearing: hearing({ version: 2 }), recipients: family, now }),
    );
    expect(diff.toCancel).toHaveLength(rows.length);
    expect(diff.toCreate).toHaveLength(rows.length);
  });

  it('a cancelled hearing cancels every scheduled row', () => {
    const rows = rowsOf(planHearingReminders({ hearing: hearing(), recipients: family, now }));
    const diff = diffReminderPlans(
      rows,
      planHearingReminders({ hearing: hearing({ status: 'cancelled' }), recipients: family, now }),
    );
    expect(diff.toCancel).toEqual(rows);
    expect(diff.toCreate).toEqual([]);
  });

  it('a row whose time has just passed is left for the processor, not cancelled', () => {
    const rows = rowsOf(planHearingReminders({ hearing: hearing(), recipients: family, now }));
    const justAfter14Days = at('2026-03-03T14:00:30Z');
    const diff = diffReminderPlans(
      rows,
      planHearingReminders({ hearing: hearing(), recipients: family, now: justAfter14Days }),
    );
    expect(diff.toCancel).toEqual([]);
    expect(diff.toCreate).toEqual([]);
  });

  it('a stopped channel cancels its scheduled rows only', () => {
    const rows = rowsOf(planHearingReminders({ hearing: hearing(), recipients: family, now }));
    const stopped = family.map((r) =>
      r.recipientKey === 'child:1' ? { ...r, stoppedChannels: ['sms' as const] } : r,
    );
    const diff = diffReminderPlans(
      rows,
      planHearingReminders({ hearing: hearing(), recipients: stopped, now }),
    );
    expect(diff.toCancel.length).toBe(4);
    expect(diff.toCancel.every((r) => r.dedupeKey.includes('_child~3A1_sms_'))).toBe(true);
    expect(diff.toCreate).toEqual([]);
  });

  it('a family that moved zones gets new rows at the new times', () => {
    const rows = rowsOf(planHearingReminders({ hearing: hearing(), recipients: family, now }));
    const moved = family.map((r) => (r.role === 'sponsor' ? { ...r, timeZone: 'Pacific/Honolulu' } : r));
    const diff = diffReminderPlans(
      rows,
      planHearingReminders({ hearing: hearing(), recipients: moved, now }),
    );
    expect(diff.toCancel.every((r) => r.dedupeKey.includes('sponsor~3A1'))).toBe(true);
    expect(diff.toCancel).toHaveLength(4);
    expect(diff.toCreate.every((s) => s.recipientKey === 'sponsor:1')).toBe(true);
    expect(diff.toCreate).toHaveLength(4);
  });

  describe('catch-up', () => {
    const oneDay = parseReminderPolicy({
      ...DEFAULT_REMINDER_POLICY,
      hearing: { child: [daysBefore(1)] },
    });
    const child = [recipient({ role: 'child', recipientKey: 'child:1' })];
    const early = at('2026-03-01T00:00:00Z');
    const late = at('2026-03-16T20:00:00Z'); // the 1-day reminder has passed

    it('is not sent to someone who already got a reminder for this version', () => {
      const rows = rowsOf(
        planHearingReminders({ hearing: hearing(), recipients: child, policy: oneDay, now: early }),
        'sent',
      );
      const plan = planHearingReminders({ hearing: hearing(), recipients: child, policy: oneDay, now: late });
      expect(plan.sends.map((s) => s.offsetKey)).toEqual(['CATCHUP']);
      expect(diffReminderPlans(rows, plan)).toEqual({
        toCancel: [],
        toCreate: [],
        toRevive: [],
        unchanged: rows,
      });
    });

    it('is sent after a move to short notice: the old version does not count', () => {
      const rows = rowsOf(
        planHearingReminders({ hearing: hearing(), recipients: child, policy: oneDay, now: early }),
        'sent',
      );
      const moved = hearing({ version: 2, startsAt: at('2026-03-17T18:00:00Z') });
      const diff = diffReminderPlans(
        rows,
        planHearingReminders({ hearing: moved, recipients: child, policy: oneDay, now: late }),
      );
      expect(diff.toCreate.map((s) => s.offsetKey)).toEqual(['CATCHUP']);
    });

    it('is created once: re-planning later keeps the existing catch-up row', () => {
      const first = planHearingReminders({
        hearing: hearing(),
        recipients: child,
        policy: oneDay,
        now: late,
      });
      const rows = rowsOf(first);
      const again = planHearingReminders({
        hearing: hearing(),
        recipients: child,
        policy: oneDay,
        now: at('2026-03-16T21:00:00Z'),
      });
      expect(diffReminderPlans(rows, again)).toEqual({
        toCancel: [],
        toCreate: [],
        toRevive: [],
        unchanged: rows,
      });
    });
  });

  it('a cancelled row wanted again with the same key is revived, not duplicated', () => {
    const plan = planHearingReminders({ hearing: hearing(), recipients: family, now });
    const rows = rowsOf(plan, 'cancelled');
    const diff = diffReminderPlans(rows, plan);
    expect(diff.toCreate).toEqual([]);
    expect(diff.toRevive.map((r) => r.row)).toEqual(rows);
    expect(diff.toRevive.map((r) => r.send)).toEqual(plan.sends);
    expectPartition(rows, diff);
  });

  it('refuses rows of another hearing', () => {
    const other = rowsOf(planHearingReminders({ hearing: hearing({ id: 'h-8' }), recipients: family, now }));
    expect(() =>
      diffReminderPlans(other, planHearingReminders({ hearing: hearing(), recipients: family, now })),
    ).toThrow(/about hearing h-8, not hearing h-7/);
  });
});
