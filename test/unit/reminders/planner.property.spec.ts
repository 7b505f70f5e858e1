import fc from 'fast-check';
import {
  checkReminderPolicy,
  diffReminderPlans,
  minSpacingMinutes,
  nominalLeadMinutes,
  offsetKeyOf,
  planDeadlineReminders,
  planHearingReminders,
  RECIPIENT_ROLES,
  type Channel,
  type HearingToPlan,
  type QuietHours,
  type ReminderOffset,
  type ReminderPolicy,
  type ReminderRecipient,
} from '../../../src/reminders/planning';
import { assertBullmqJobId, US_ZONES, wallClock } from './support';

const ZONES = [...US_ZONES, 'America/Indiana/Indianapolis'];
const LANGUAGES = ['eng', 'spa', 'por', 'fra', 'hat', 'quc', 'mam', 'kjb', 'prs'];
const DAY_MS = 86_400_000;

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Independent of the code under test: minutes on the recipient's wall clock against [start, end). */
function isQuiet(instant: Date, zone: string, quiet: QuietHours): boolean {
  const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  const [start, end] = [toMinutes(quiet.start), toMinutes(quiet.end)];
  const now = wallClock(instant, zone).minutes;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

// Quiet hours leaving at least an hour a day, then offsets whose local times fall outside them.
const quietHoursArb: fc.Arbitrary<QuietHours | null> = fc.option(
  fc
    .record({ start: fc.integer({ min: 0, max: 1439 }), quietLength: fc.integer({ min: 1, max: 1380 }) })
    .map(({ start, quietLength }) => ({ start: hhmm(start), end: hhmm(start + quietLength) })),
  { nil: null, freq: 4 },
);

function offsetArb(quiet: QuietHours | null): fc.Arbitrary<ReminderOffset> {
  const allowedStart = quiet ? Number(quiet.end.slice(0, 2)) * 60 + Number(quiet.end.slice(3)) : 0;
  const allowedLength = quiet
    ? (Number(quiet.start.slice(0, 2)) * 60 + Number(quiet.start.slice(3)) - allowedStart + 1440) % 1440
    : 1440;
  const before = fc
    .record({
      days: fc.integer({ min: 0, max: 20 }),
      hours: fc.integer({ min: 0, max: 30 }),
      minutes: fc.integer({ min: 0, max: 90 }),
      seconds: fc.integer({ min: 0, max: 59 }),
    })
    .filter((o) => o.days + o.hours + o.minutes + o.seconds > 0)
    .map((o): ReminderOffset => ({ kind: 'before', ...o }));
  const localTime = fc
    .record({
      daysBefore: fc.integer({ min: 0, max: 20 }),
      into: fc.integer({ min: 0, max: allowedLength - 1 }),
    })
    .map((o): ReminderOffset => ({
      kind: 'localTime',
      daysBefore: o.daysBefore,
      at: hhmm(allowedStart + o.into),
    }));
  return fc.oneof(before, localTime);
}

const policyArb: fc.Arbitrary<ReminderPolicy> = quietHoursArb
  .chain((quietHours) => {
    // Within the policy's bounds: offsets of one kind spaced as a family's must be (the strictest role).
    const offsets = fc
      .uniqueArray(offsetArb(quietHours), { maxLength: 5, selector: offsetKeyOf })
      .filter((list) =>
        list.every((a, i) =>
          list.slice(0, i).every((b) => {
            if (a.kind !== b.kind) return true;
            const [x, y] = [nominalLeadMinutes(a), nominalLeadMinutes(b)];
            return Math.abs(x - y) >= minSpacingMinutes('child', Math.min(x, y));
          }),
        ),
      );
    const byRole = fc.record({ child: offsets, sponsor: offsets, attorney: offsets, coordinator: offsets });
    return fc.record({
      hearing: byRole,
      deadline: fc.record({ family: byRole, counsel: byRole }),
      quietHours: fc.constant(quietHours),
      minLeadMinutes: fc.integer({ min: 1, max: 240 }),
      catchUp: fc.boolean(),
    });
  })
  .map((p) => {
    const check = checkReminderPolicy(p);
    if (!check.ok) throw new Error(`generator made an invalid policy: ${JSON.stringify(check.issues)}`);
    return check.policy;
  });

// Any instant 2025–2028, with extra weight on the hours around US DST changes.
const DST_CHANGES = ['2025-03-09', '2025-11-02', '2026-03-08', '2026-11-01', '2027-03-14', '2027-11-07'];
const startsAtArb = fc.oneof(
  fc.date({
    min: new Date('2025-01-01T00:00:00Z'),
    max: new Date('2028-12-31T00:00:00Z'),
    noInvalidDate: true,
  }),
  fc
    .record({ day: fc.constantFrom(...DST_CHANGES), minutes: fc.integer({ min: -36 * 60, max: 36 * 60 }) })
    .map(({ day, minutes }) => new Date(Date.parse(`${day}T07:00:00Z`) + minutes * 60_000)),
);

const channelsArb = fc.subarray<Channel>(['email', 'sms'], { minLength: 1 });
const recipientsArb = fc
  .uniqueArray(
    fc.record({
      role: fc.constantFrom(...RECIPIENT_ROLES),
      id: fc.integer({ min: 1, max: 9 }),
      language: fc.constantFrom(...LANGUAGES),
      channels: channelsArb,
      stoppedChannels: fc.subarray<Channel>(['email', 'sms']),
      timeZone: fc.constantFrom(...ZONES),
    }),
    { minLength: 1, maxLength: 4, selector: (r) => `${r.role}:${r.id}` },
  )
  .map((list) => list.map(({ id, ...r }): ReminderRecipient => ({ ...r, recipientKey: `${r.role}:${id}` })));

const scenarioArb = fc
  .record({
    policy: policyArb,
    startsAt: startsAtArb,
    courtZone: fc.constantFrom(...ZONES),
    version: fc.integer({ min: 0, max: 50 }),
    recipients: recipientsArb,
    // now: from 30 days before the hearing to 1 hour after it
    nowBeforeStartMs: fc.integer({ min: -3_600_000, max: 30 * DAY_MS }),
    laterByMs: fc.integer({ min: 0, max: 10 * DAY_MS }),
  })
  .map((s) => {
    const hearing: HearingToPlan = {
      id: 'h-prop',
      version: s.version,
      startsAt: s.startsAt,
      courtZone: s.courtZone,
      status: 'scheduled',
    };
    const now = new Date(s.startsAt.getTime() - s.nowBeforeStartMs);
    return { ...s, hearing, now, later: new Date(now.getTime() + s.laterByMs) };
  });

// FC_RUNS=5000 for a longer hunt.
const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 400) };

describe('planHearingReminders properties', () => {
  it('every send is between now and the start, never after its due time, and outside the recipient quiet hours', () => {
    fc.assert(
      fc.property(scenarioArb, ({ policy, hearing, recipients, now }) => {
        const plan = planHearingReminders({ hearing, recipients, policy, now });
        const zoneOf = new Map(recipients.map((r) => [r.recipientKey, r.timeZone]));
        for (const send of plan.sends) {
          expect(send.sendAt.getTime()).toBeLessThanOrEqual(send.dueAt.getTime());
          expect(send.sendAt.getTime()).toBeLessThan(hearing.startsAt.getTime());
          expect(send.sendAt.getTime()).toBeGreaterThanOrEqual(now.getTime());
          if (policy.quietHours)
            expect(isQuiet(send.sendAt, zoneOf.get(send.recipientKey) ?? '', policy.quietHours)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('the send window starts at most sendAheadMs before the send, never in quiet hours, and changes nothing else', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.integer({ min: 0, max: 6 * 3_600_000 }),
        ({ policy, hearing, recipients, now }, sendAheadMs) => {
          const plain = planHearingReminders({ hearing, recipients, policy, now });
          const plan = planHearingReminders({ hearing, recipients, policy, now, sendAheadMs });
          const zoneOf = new Map(recipients.map((r) => [r.recipientKey, r.timeZone]));
          // Same sends, same keys, same times: the window only adds when a send may start.
          expect(plan.sends.map(({ startAt: _s, ...rest }) => rest)).toEqual(
            plain.sends.map(({ startAt: _s, ...rest }) => rest),
          );
          for (const [i, send] of plan.sends.entries()) {
            expect(plain.sends[i].startAt).toEqual(plain.sends[i].sendAt);
            const ahead = send.sendAt.getTime() - send.startAt.getTime();
            expect(ahead).toBeGreaterThanOrEqual(0);
            expect(ahead).toBeLessThanOrEqual(sendAheadMs);
            if (send.catchUp) expect(ahead).toBe(0);
            if (policy.quietHours) {
              const zone = zoneOf.get(send.recipientKey) ?? '';
              expect(isQuiet(send.startAt, zone, policy.quietHours)).toBe(false);
              // Only quiet hours cut the window short.
              if (!send.catchUp && ahead < sendAheadMs) {
                expect(isQuiet(new Date(send.startAt.getTime() - 60_000), zone, policy.quietHours)).toBe(
                  true,
                );
              }
            } else if (!send.catchUp) {
              expect(ahead).toBe(sendAheadMs);
            }
          }
        },
      ),
      RUNS,
    );
  });

  it('dedupe keys are unique within a plan, valid BullMQ job ids, and one send per recipient, channel and minute', () => {
    fc.assert(
      fc.property(scenarioArb, ({ policy, hearing, recipients, now }) => {
        const plan = planHearingReminders({ hearing, recipients, policy, now });
        const keys = [...plan.sends, ...plan.skipped].map((s) => s.dedupeKey);
        expect(new Set(keys).size).toBe(keys.length);
        keys.forEach(assertBullmqJobId);
        const slots = plan.sends.map((s) => `${s.recipientKey} ${s.channel} ${s.sendAt.getTime()}`);
        expect(new Set(slots).size).toBe(slots.length);
      }),
      RUNS,
    );
  });

  it('stopped channels and roles without offsets get nothing; a catch-up is alone in its group', () => {
    fc.assert(
      fc.property(scenarioArb, ({ policy, hearing, recipients, now }) => {
        const plan = planHearingReminders({ hearing, recipients, policy, now });
        const byKey = new Map(recipients.map((r) => [r.recipientKey, r]));
        for (const send of plan.sends) {
          const who = byKey.get(send.recipientKey);
          expect(who?.stoppedChannels ?? []).not.toContain(send.channel);
          expect(who?.channels).toContain(send.channel);
          expect(policy.hearing[send.recipientRole].length).toBeGreaterThan(0);
          if (send.catchUp) {
            const group = plan.sends.filter(
              (s) => s.recipientKey === send.recipientKey && s.channel === send.channel,
            );
            expect(group).toEqual([send]);
          }
        }
      }),
      RUNS,
    );
  });

  it('re-planning is stable: same input gives the same plan, a later re-plan only drops passed sends', () => {
    fc.assert(
      fc.property(scenarioArb, ({ policy, hearing, recipients, now, later }) => {
        const first = planHearingReminders({ hearing, recipients, policy, now });
        expect(planHearingReminders({ hearing, recipients, policy, now })).toEqual(first);
        const firstKeys = new Set(first.sends.map((s) => s.dedupeKey));
        const second = planHearingReminders({ hearing, recipients, policy, now: later });
        for (const send of second.sends) if (!send.catchUp) expect(firstKeys.has(send.dedupeKey)).toBe(true);
        // Stored as rows, the first plan needs nothing more when re-planned later.
        const rows = first.sends.map((s) => ({ dedupeKey: s.dedupeKey, status: 'scheduled' as const }));
        const diff = diffReminderPlans(rows, second);
        expect(diff.toCancel).toEqual([]);
        expect(diff.toRevive).toEqual([]);
        expect(diff.toCreate.every((s) => s.catchUp)).toBe(true);
      }),
      RUNS,
    );
  });

  it('a version bump cancels every scheduled row of the old version; cancelling the hearing too', () => {
    fc.assert(
      fc.property(scenarioArb, ({ policy, hearing, recipients, now }) => {
        const first = planHearingReminders({ hearing, recipients, policy, now });
        const rows = first.sends.map((s) => ({ dedupeKey: s.dedupeKey, status: 'scheduled' as const }));
        const bumped = planHearingReminders({
          hearing: { ...hearing, version: hearing.version + 1 },
          recipients,
          policy,
          now,
        });
        const diff = diffReminderPlans(rows, bumped);
        expect(diff.toCancel).toEqual(rows);
        expect(diff.toCreate).toEqual(bumped.sends);
        const cancelled = planHearingReminders({
          hearing: { ...hearing, status: 'cancelled' },
          recipients,
          policy,
          now,
        });
        expect(cancelled.sends).toEqual([]);
        expect(diffReminderPlans(rows, cancelled).toCancel).toEqual(rows);
      }),
      RUNS,
    );
  });

  it('deadlines keep the same guarantees: between now and the end of the remindBy day, outside quiet hours', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.constantFrom('family' as const, 'counsel' as const),
        ({ policy, startsAt, courtZone, recipients, now }, actor) => {
          const remindBy = new Intl.DateTimeFormat('en-CA', { timeZone: courtZone }).format(startsAt);
          const deadline = {
            id: 'd-prop',
            ruleId: 'r',
            dueDate: remindBy,
            remindBy,
            courtZone,
            actor,
            status: 'open' as const,
          };
          const plan = planDeadlineReminders({ deadline, recipients, policy, now });
          const endOfRemindBy = Date.parse(`${remindBy}T00:00:00Z`) + 2 * DAY_MS; // generous: any zone's end of day
          const zoneOf = new Map(recipients.map((r) => [r.recipientKey, r.timeZone]));
          const keys = plan.sends.map((s) => s.dedupeKey);
          expect(new Set(keys).size).toBe(keys.length);
          for (const send of plan.sends) {
            expect(send.sendAt.getTime()).toBeLessThanOrEqual(send.dueAt.getTime());
            expect(send.sendAt.getTime()).toBeGreaterThanOrEqual(now.getTime());
            expect(send.sendAt.getTime()).toBeLessThan(endOfRemindBy);
            expect(policy.deadline[actor][send.recipientRole].length).toBeGreaterThan(0);
            if (policy.quietHours) {
              expect(isQuiet(send.sendAt, zoneOf.get(send.recipientKey) ?? '', policy.quietHours)).toBe(
                false,
              );
            }
          }
        },
      ),
      RUNS,
    );
  });
});
