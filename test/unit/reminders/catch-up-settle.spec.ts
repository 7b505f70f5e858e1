import fc from 'fast-check';
import {
  DEFAULT_REMINDER_POLICY,
  planHearingReminders,
  type ReminderPolicy,
} from '../../../src/reminders/planning';
import { recipient } from './support';

const NOTHING = { child: [], sponsor: [], attorney: [], coordinator: [] };
/** Every role hears 30 minutes before; a hearing closer than that gets only a catch-up. */
const policy: ReminderPolicy = {
  ...DEFAULT_REMINDER_POLICY,
  hearing: {
    child: [{ kind: 'before', minutes: 30 }],
    sponsor: [{ kind: 'before', minutes: 30 }],
    attorney: [{ kind: 'before', minutes: 30 }],
    coordinator: [],
  },
  deadline: { family: NOTHING, counsel: NOTHING },
  quietHours: null,
  catchUp: true,
};

describe('catch-up settle delay', () => {
  it('a catch-up goes catchUpSettleMs after planning, or at once when the hearing is closer than that', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: 1_000, max: 29 * 60_000 }),
        fc.integer({ min: 0, max: 10 * 60_000 }),
        fc.nat({ max: 1_000 }),
        (nowMs, leadMs, settleMs, version) => {
          const now = new Date(nowMs);
          const plan = planHearingReminders({
            hearing: {
              id: 'h-1',
              version,
              startsAt: new Date(nowMs + leadMs),
              courtZone: 'America/New_York',
              status: 'scheduled',
            },
            recipients: [
              recipient({ role: 'child', recipientKey: 'child:c', channels: ['email'] }),
              recipient({ role: 'sponsor', recipientKey: 'sponsor:s', channels: ['email', 'sms'] }),
            ],
            policy,
            now,
            catchUpSettleMs: settleMs,
          });
          const expected = settleMs < leadMs ? nowMs + settleMs : nowMs;
          expect(plan.sends).toHaveLength(3);
          for (const send of plan.sends) {
            expect(send.catchUp).toBe(true);
            expect(send.sendAt.getTime()).toBe(expected);
            expect(send.startAt.getTime()).toBe(expected);
            expect(send.sendAt.getTime()).toBeLessThan(nowMs + leadMs);
          }
        },
      ),
    );
  });
});
