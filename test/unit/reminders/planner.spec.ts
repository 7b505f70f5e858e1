import {
  atLocalTime,
  daysBefore,
  DEFAULT_REMINDER_POLICY,
  hoursBefore,
  parseReminderPolicy,
  planDeadlineReminders,
  planHearingReminders,
  type DeadlineToPlan,
  type HearingToPlan,
  type PlannedReminder,
  type ReminderOffset,
  type ReminderPolicy,
  type ReminderRecipient,
} from '../../../src/reminders/planning';
import { assertBullmqJobId, at, inDefaultQuietHours, recipient, wallClock } from './support';

const NY = 'America/New_York';
const LA = 'America/Los_Angeles';
const PHOENIX = 'America/Phoenix';
const HONOLULU = 'Pacific/Honolulu';

function hearing(overrides: Partial<HearingToPlan> = {}): HearingToPlan {
  // Tuesday, March 17, 2026, 9:00 AM EDT (after the March 8 DST change)
  return {
    id: 'hearing-1',
    version: 1,
    startsAt: at('2026-03-17T13:00:00Z'),
    courtZone: NY,
    status: 'scheduled',
    ...overrides,
  };
}

const child = recipient({
  role: 'child',
  recipientKey: 'child:c-1',
  language: 'spa',
  channels: ['sms', 'email'],
});
const sponsor = recipient({
  role: 'sponsor',
  recipientKey: 'sponsor:s-1',
  language: 'por',
  channels: ['sms'],
});
const attorney = recipient({
  role: 'attorney',
  recipientKey: 'attorney:a-1',
  language: 'eng',
  channels: ['email'],
});

function policyWith(
  hearingOffsets: Partial<Record<ReminderRecipient['role'], ReminderOffset[]>>,
  rest: Partial<ReminderPolicy> = {},
) {
  return parseReminderPolicy({
    ...DEFAULT_REMINDER_POLICY,
    hearing: { child: [], sponsor: [], attorney: [], coordinator: [], ...hearingOffsets },
    ...rest,
  });
}

const summary = (sends: readonly PlannedReminder[]) =>
  sends.map((s) => `${s.recipientKey} ${s.channel} ${s.offsetKey} ${s.sendAt.toISOString()}`);

describe('planHearingReminders', () => {
  const now = at('2026-02-01T12:00:00Z');

  it('plans the default cadence for family and counsel, at the hearing wall-clock time in the court zone', () => {
    const plan = planHearingReminders({ hearing: hearing(), recipients: [child, sponsor, attorney], now });
    const childSms = plan.sends.filter((s) => s.recipientKey === 'child:c-1' && s.channel === 'sms');
    expect(childSms.map((s) => [s.offsetKey, s.dueAt.toISOString(), s.sendAt.toISOString()])).toEqual([
      ['P14D', '2026-03-03T14:00:00.000Z', '2026-03-03T14:00:00.000Z'], // 09:00 EST, before the DST change
      ['P3D', '2026-03-14T13:00:00.000Z', '2026-03-14T13:00:00.000Z'], // 09:00 EDT
      ['P1D', '2026-03-16T13:00:00.000Z', '2026-03-16T13:00:00.000Z'],
      ['D0T0800', '2026-03-17T12:00:00.000Z', '2026-03-17T12:00:00.000Z'], // the morning of, 08:00 EDT
    ]);
    expect(plan.sends.filter((s) => s.recipientKey === 'attorney:a-1').map((s) => s.offsetKey)).toEqual([
      'P7D',
      'P1D',
    ]);
    expect(plan.sends).toHaveLength(4 * 2 + 4 + 2);
    expect(plan.skipped).toEqual([]);
    expect(plan).toMatchObject({ subjectKind: 'hearing', subjectId: 'hearing-1', subjectVersion: 'v1' });
  });

  it('carries what the integrator stores on each row', () => {
    const plan = planHearingReminders({ hearing: hearing({ version: 3 }), recipients: [child], now });
    expect(plan.sends[0]).toEqual({
      subjectKind: 'hearing',
      hearingId: 'hearing-1',
      hearingVersion: 3,
      recipientRole: 'child',
      recipientKey: 'child:c-1',
      channel: 'email',
      language: 'spa',
      templateLanguage: 'spa',
      callNeeded: false,
      offsetKey: 'P14D',
      startAt: at('2026-03-03T14:00:00Z'),
      sendAt: at('2026-03-03T14:00:00Z'),
      dueAt: at('2026-03-03T14:00:00Z'),
      catchUp: false,
      dedupeKey: 'rem_h_hearing-1_v3_child~3Ac-1_email_spa_P14D_20260303T140000Z',
    });
    for (const send of plan.sends) assertBullmqJobId(send.dedupeKey);
  });

  it('with a send-ahead window, a send may start that much earlier, but not before quiet hours end', () => {
    const policy = policyWith({ child: [atLocalTime(0, '07:00'), atLocalTime(1, '10:00')] });
    const plan = planHearingReminders({
      hearing: hearing(),
      recipients: [child],
      now,
      policy,
      sendAheadMs: 60_000,
    });
    const byKey = new Map(plan.sends.map((s) => [s.offsetKey, s]));
    // 07:00 right after quiet hours (21:00–07:00) ending at 07:00: no earlier.
    expect(byKey.get('D0T0700')?.startAt).toEqual(byKey.get('D0T0700')?.sendAt);
    // 10:00 the day before: from 09:59.
    const dayBefore = byKey.get('D1T1000');
    expect(dayBefore && dayBefore.sendAt.getTime() - dayBefore.startAt.getTime()).toBe(60_000);
    expect(() =>
      planHearingReminders({ hearing: hearing(), recipients: [child], now, sendAheadMs: -1 }),
    ).toThrow(RangeError);
  });

  it('is deterministic', () => {
    const input = { hearing: hearing(), recipients: [child, sponsor, attorney], now };
    expect(planHearingReminders(input)).toEqual(planHearingReminders(input));
  });

  it("a K'iche' speaker gets the Spanish template and a call flagged for the coordinator", () => {
    const kiche = recipient({ role: 'sponsor', recipientKey: 'sponsor:k', language: 'quc' });
    const plan = planHearingReminders({ hearing: hearing(), recipients: [kiche], now });
    expect(
      plan.sends.every((s) => s.language === 'quc' && s.templateLanguage === 'spa' && s.callNeeded),
    ).toBe(true);
  });

  describe('calendar days across DST', () => {
    it('1 day before a Monday 09:00 hearing after spring-forward is Sunday 09:00 (23 h earlier)', () => {
      const plan = planHearingReminders({
        hearing: hearing({ startsAt: at('2026-03-09T13:00:00Z') }),
        recipients: [attorney],
        now,
      });
      const oneDay = plan.sends.find((s) => s.offsetKey === 'P1D');
      expect(oneDay?.sendAt.toISOString()).toBe('2026-03-08T13:00:00.000Z');
      expect(wallClock(oneDay!.sendAt, NY)).toMatchObject({ date: '2026-03-08', time: '09:00' });
    });

    it('1 day before a Monday 09:00 hearing after fall-back is Sunday 09:00 (25 h earlier)', () => {
      const plan = planHearingReminders({
        hearing: hearing({ startsAt: at('2026-11-02T14:00:00Z') }),
        recipients: [attorney],
        now: at('2026-10-01T00:00:00Z'),
      });
      expect(plan.sends.find((s) => s.offsetKey === 'P1D')?.sendAt.toISOString()).toBe(
        '2026-11-01T14:00:00.000Z',
      );
    });

    it.each([
      ['2026-03-08T14:00:00Z', '2026-03-08T12:00:00.000Z'], // hearing 10:00 EDT on spring-forward day
      ['2026-11-01T15:00:00Z', '2026-11-01T13:00:00.000Z'], // hearing 10:00 EST on fall-back day
    ])('the morning of a hearing on a DST-change day (%s) lands at 08:00 local', (startsAt, morning) => {
      const plan = planHearingReminders({
        hearing: hearing({ startsAt: at(startsAt) }),
        recipients: [child],
        now: at('2026-01-01T00:00:00Z'),
      });
      const morningOf = plan.sends.find((s) => s.offsetKey === 'D0T0800');
      expect(morningOf?.sendAt.toISOString()).toBe(morning);
      expect(wallClock(morningOf!.sendAt, NY).time).toBe('08:00');
    });
  });

  it('America/Phoenix (no DST): days before are exactly 24 h, even across the US DST change', () => {
    const phoenixFamily = recipient({ role: 'child', timeZone: PHOENIX });
    const plan = planHearingReminders({
      hearing: hearing({ startsAt: at('2026-03-09T16:00:00Z'), courtZone: PHOENIX }), // 09:00 MST
      recipients: [phoenixFamily],
      now,
    });
    expect(summary(plan.sends)).toEqual([
      'child:1 sms P14D 2026-02-23T16:00:00.000Z',
      'child:1 sms P3D 2026-03-06T16:00:00.000Z',
      'child:1 sms P1D 2026-03-08T16:00:00.000Z',
      'child:1 sms D0T0800 2026-03-09T15:00:00.000Z',
    ]);
  });

  it('a family in Phoenix with a 09:00 Eastern remote hearing (06:00 their time): all moved out of their night', () => {
    const phoenixFamily = recipient({ role: 'child', timeZone: PHOENIX });
    const plan = planHearingReminders({
      hearing: hearing({ startsAt: at('2026-07-14T13:00:00Z') }),
      recipients: [phoenixFamily],
      now,
    });
    // 1 d: 06:00 MST Jul 13 → 20:59 Jul 12. Morning of: 08:00 MST is after the start, so start − 60 min
    // (05:00 MST), which is quiet → 20:59 the evening before.
    expect(summary(plan.sends).slice(2)).toEqual([
      'child:1 sms P1D 2026-07-13T03:59:00.000Z',
      'child:1 sms D0T0800 2026-07-14T03:59:00.000Z',
    ]);
    const morningOf = plan.sends[3];
    expect(morningOf.dueAt.toISOString()).toBe('2026-07-14T12:00:00.000Z');
  });

  it('"the morning of" is read on the recipient calendar: a Saipan hearing seen from New York', () => {
    // 09:00 Wednesday March 4 in Saipan (UTC+10) is 18:00 Tuesday March 3 in New York: the family's
    // hearing day is Tuesday, so the morning-of goes at 08:00 Tuesday New York time.
    const plan = planHearingReminders({
      hearing: hearing({ startsAt: at('2026-03-03T23:00:00Z'), courtZone: 'Pacific/Saipan' }),
      recipients: [recipient({ role: 'child', timeZone: NY })],
      now,
    });
    const morningOf = plan.sends.find((s) => s.offsetKey === 'D0T0800');
    expect(morningOf?.dueAt.toISOString()).toBe('2026-03-03T13:00:00.000Z');
    expect(wallClock(morningOf!.sendAt, NY)).toMatchObject({ date: '2026-03-03', time: '08:00' });
  });

  it('Pacific/Honolulu family, New York court: sends move to 20:59 Hawaii time, morning-of before the start', () => {
    const hawaii = recipient({ role: 'sponsor', timeZone: HONOLULU });
    const plan = planHearingReminders({ hearing: hearing(), recipients: [hawaii], now }); // 03:00 HST
    for (const send of plan.sends) {
      expect(wallClock(send.sendAt, HONOLULU).time).toBe('20:59');
      expect(send.sendAt.getTime()).toBeLessThan(send.dueAt.getTime());
    }
    expect(plan.sends.map((s) => wallClock(s.sendAt, HONOLULU).date)).toEqual([
      '2026-03-02',
      '2026-03-13',
      '2026-03-15',
      '2026-03-16',
    ]);
  });

  describe('quiet hours in the recipient zone', () => {
    it('a send landing at 23:00 in Los Angeles moves to 20:59 LA; in New York the same instant (02:00) moves to 20:59 NY', () => {
      const policy = policyWith({ child: [hoursBefore(10)], sponsor: [hoursBefore(10)] });
      const plan = planHearingReminders({
        hearing: hearing({ startsAt: at('2026-05-12T16:00:00Z'), courtZone: LA }), // 09:00 PDT
        recipients: [
          recipient({ role: 'child', recipientKey: 'child:la', timeZone: LA }),
          recipient({ role: 'sponsor', recipientKey: 'sponsor:ny', timeZone: NY }),
        ],
        policy,
        now,
      });
      const byKey = Object.fromEntries(plan.sends.map((s) => [s.recipientKey, s]));
      expect(byKey['child:la'].dueAt.toISOString()).toBe('2026-05-12T06:00:00.000Z');
      expect(wallClock(byKey['child:la'].sendAt, LA)).toMatchObject({ date: '2026-05-11', time: '20:59' });
      expect(wallClock(byKey['sponsor:ny'].sendAt, NY)).toMatchObject({ date: '2026-05-11', time: '20:59' });
      expect(byKey['sponsor:ny'].sendAt.getTime()).toBeLessThan(byKey['child:la'].sendAt.getTime());
    });

    it('07:30 in New York is left alone for a New Yorker but moved for someone in Los Angeles (04:30 there)', () => {
      const policy = policyWith({ attorney: [{ kind: 'before', hours: 1, minutes: 30 }] });
      const plan = planHearingReminders({
        hearing: hearing(),
        recipients: [
          recipient({ role: 'attorney', recipientKey: 'attorney:ny', timeZone: NY }),
          recipient({ role: 'attorney', recipientKey: 'attorney:la', timeZone: LA }),
        ],
        policy,
        now,
      });
      const byKey = Object.fromEntries(plan.sends.map((s) => [s.recipientKey, s]));
      expect(byKey['attorney:ny'].sendAt).toEqual(byKey['attorney:ny'].dueAt);
      expect(wallClock(byKey['attorney:ny'].sendAt, NY).time).toBe('07:30');
      expect(wallClock(byKey['attorney:la'].sendAt, LA)).toMatchObject({ date: '2026-03-16', time: '20:59' });
    });

    it('two reminders pushed onto the same minute become one: the one meant closer to the hearing is kept', () => {
      const policy = policyWith({ child: [hoursBefore(11), hoursBefore(10)] }); // 22:00 and 23:00 → both 20:59
      const plan = planHearingReminders({
        hearing: hearing(),
        recipients: [recipient({ role: 'child' })],
        policy,
        now,
      });
      expect(plan.sends.map((s) => s.offsetKey)).toEqual(['PT10H']);
      expect(plan.skipped).toEqual([expect.objectContaining({ offsetKey: 'PT11H', reason: 'same_time' })]);
    });

    it('can be switched off', () => {
      const policy = policyWith({ child: [hoursBefore(10)] }, { quietHours: null });
      const plan = planHearingReminders({
        hearing: hearing(),
        recipients: [recipient({ role: 'child' })],
        policy,
        now,
      });
      expect(plan.sends[0].sendAt).toEqual(plan.sends[0].dueAt);
      expect(inDefaultQuietHours(plan.sends[0].sendAt, NY)).toBe(true);
    });
  });

  describe('what is not planned', () => {
    it.each(['cancelled', 'completed'] as const)('a %s hearing plans nothing', (status) => {
      const plan = planHearingReminders({
        hearing: hearing({ status }),
        recipients: [child, sponsor, attorney],
        now,
      });
      expect(plan.sends).toEqual([]);
      expect(plan.skipped).toEqual([]);
      expect(plan.subjectVersion).toBe('v1');
    });

    it('a stopped channel gets nothing more; the other channel still does', () => {
      const plan = planHearingReminders({
        hearing: hearing(),
        recipients: [{ ...child, stoppedChannels: ['sms'] }],
        now,
      });
      expect(new Set(plan.sends.map((s) => s.channel))).toEqual(new Set(['email']));
    });

    it('a role with no offsets (coordinator by default) gets nothing', () => {
      const plan = planHearingReminders({
        hearing: hearing(),
        recipients: [recipient({ role: 'coordinator' })],
        now,
      });
      expect(plan.sends).toEqual([]);
    });

    it('sends whose time has passed are skipped, the rest planned', () => {
      const plan = planHearingReminders({
        hearing: hearing(),
        recipients: [attorney],
        now: at('2026-03-12T00:00:00Z'),
      });
      expect(plan.sends.map((s) => s.offsetKey)).toEqual(['P1D']);
      expect(plan.skipped).toEqual([expect.objectContaining({ offsetKey: 'P7D', reason: 'passed' })]);
    });
  });

  describe('catch-up when everything planned has passed', () => {
    const oneDayOnly = policyWith({ child: [daysBefore(1)] });
    const family = recipient({ role: 'child', recipientKey: 'child:c-1' });

    it('sends one reminder now, during the day', () => {
      const now = at('2026-03-16T20:00:00Z'); // 16:00 EDT, the day before
      const plan = planHearingReminders({
        hearing: hearing(),
        recipients: [family],
        policy: oneDayOnly,
        now,
      });
      expect(plan.sends).toEqual([
        expect.objectContaining({
          offsetKey: 'CATCHUP',
          catchUp: true,
          sendAt: now,
          dueAt: now,
          dedupeKey: 'rem_h_hearing-1_v1_child~3Ac-1_sms_eng_CATCHUP_asap',
        }),
      ]);
    });

    it('at night, waits for the end of quiet hours if that is still before the hearing', () => {
      const plan = planHearingReminders({
        hearing: hearing(),
        recipients: [family],
        policy: oneDayOnly,
        now: at('2026-03-17T03:00:00Z'), // 23:00 EDT
      });
      expect(plan.sends.map((s) => wallClock(s.sendAt, NY))).toEqual([
        expect.objectContaining({ date: '2026-03-17', time: '07:00' }),
      ]);
    });

    it('plans nothing when the hearing starts before quiet hours end, or has started', () => {
      const early = hearing({ startsAt: at('2026-03-17T10:30:00Z') }); // 06:30 EDT
      expect(
        planHearingReminders({
          hearing: early,
          recipients: [family],
          policy: oneDayOnly,
          now: at('2026-03-17T03:00:00Z'),
        }).sends,
      ).toEqual([]);
      expect(
        planHearingReminders({
          hearing: hearing(),
          recipients: [family],
          policy: oneDayOnly,
          now: at('2026-03-17T13:00:00Z'),
        }).sends,
      ).toEqual([]);
    });

    it('is not used while another reminder is still ahead, nor when the policy turns it off', () => {
      const plan = planHearingReminders({
        hearing: hearing(),
        recipients: [child],
        now: at('2026-03-16T20:00:00Z'),
      });
      expect(plan.sends.every((s) => !s.catchUp && s.offsetKey === 'D0T0800')).toBe(true);
      const off = policyWith({ child: [daysBefore(1)] }, { catchUp: false });
      expect(
        planHearingReminders({
          hearing: hearing(),
          recipients: [family],
          policy: off,
          now: at('2026-03-16T20:00:00Z'),
        }).sends,
      ).toEqual([]);
    });
  });

  describe('refuses bad input with a clear error', () => {
    it.each([
      [{ recipients: [recipient({ role: 'child', timeZone: 'Mars/Olympus' })] }, /not an IANA time zone/],
      [{ recipients: [recipient({ role: 'child', timeZone: '+02:00' })] }, /not an IANA time zone/],
      [{ recipients: [recipient({ role: 'child', language: 'es' })] }, /not an ISO 639-3/],
      [{ recipients: [recipient({ role: 'child' }), recipient({ role: 'child' })] }, /listed twice/],
      [{ hearing: hearing({ courtZone: 'Eastern' }) }, /court: "Eastern" is not an IANA/],
      [{ hearing: hearing({ startsAt: new Date('nope') }) }, /startsAt is not a valid date/],
      [{ hearing: hearing({ version: 1.5 }) }, /version must be a whole number/],
      [{ policy: { ...DEFAULT_REMINDER_POLICY, minLeadMinutes: -1 } }, /Invalid reminder policy/],
    ])('%#', (override, error) => {
      expect(() => planHearingReminders({ hearing: hearing(), recipients: [], now, ...override })).toThrow(
        error,
      );
    });
  });
});

describe('planDeadlineReminders', () => {
  const now = at('2026-03-01T12:00:00Z');
  function deadline(overrides: Partial<DeadlineToPlan> = {}): DeadlineToPlan {
    return {
      id: 'deadline-9',
      ruleId: 'change-of-address',
      dueDate: '2026-03-23',
      remindBy: '2026-03-20',
      courtZone: NY,
      actor: 'family',
      status: 'open',
      ...overrides,
    };
  }

  it('counsel deadlines: the attorney at 10, 3 and 1 days before remindBy at 09:00 their time; not the family', () => {
    const plan = planDeadlineReminders({
      deadline: deadline({ actor: 'counsel' }),
      recipients: [child, sponsor, attorney],
      now,
    });
    expect(summary(plan.sends)).toEqual([
      'attorney:a-1 email D10T0900 2026-03-10T13:00:00.000Z',
      'attorney:a-1 email D3T0900 2026-03-17T13:00:00.000Z',
      'attorney:a-1 email D1T0900 2026-03-19T13:00:00.000Z',
    ]);
    expect(plan.subjectVersion).toBe('20260323-20260320');
    expect(plan.sends[0]).toMatchObject({
      subjectKind: 'deadline',
      deadlineId: 'deadline-9',
      dueDate: '2026-03-23',
    });
    expect(plan.sends[0].dedupeKey).toBe(
      'rem_d_deadline-9_20260323-20260320_attorney~3Aa-1_email_eng_D10T0900_20260310T130000Z',
    );
  });

  it('family deadlines reach the family, at their own local morning, and counsel too', () => {
    const childInLA = { ...child, timeZone: LA, channels: ['sms'] as const };
    const plan = planDeadlineReminders({ deadline: deadline(), recipients: [childInLA, attorney], now });
    const childSends = plan.sends.filter((s) => s.recipientRole === 'child');
    expect(
      childSends.map((s) => [s.offsetKey, wallClock(s.sendAt, LA).date, wallClock(s.sendAt, LA).time]),
    ).toEqual([
      ['D3T0900', '2026-03-17', '09:00'],
      ['D1T0900', '2026-03-19', '09:00'],
      ['D0T0800', '2026-03-20', '08:00'],
    ]);
    expect(plan.sends.some((s) => s.recipientRole === 'attorney')).toBe(true);
  });

  it('short "before" offsets count back from the end of the remindBy day in the court zone', () => {
    const policy = parseReminderPolicy({
      ...DEFAULT_REMINDER_POLICY,
      deadline: { family: {}, counsel: { attorney: [{ kind: 'before', minutes: 2 }] } },
      quietHours: null,
    });
    const plan = planDeadlineReminders({
      deadline: deadline({ actor: 'counsel' }),
      recipients: [attorney],
      policy,
      now,
    });
    expect(plan.sends.map((s) => s.sendAt.toISOString())).toEqual(['2026-03-21T03:58:00.000Z']); // 23:58 EDT
  });

  it.each(['met', 'missed', 'waived'] as const)('a %s deadline plans nothing', (status) => {
    expect(
      planDeadlineReminders({ deadline: deadline({ status }), recipients: [child, attorney], now }).sends,
    ).toEqual([]);
  });

  it('a recomputed deadline (new remindBy) gets new keys', () => {
    const before = planDeadlineReminders({ deadline: deadline(), recipients: [attorney], now });
    const after = planDeadlineReminders({
      deadline: deadline({ remindBy: '2026-03-19' }),
      recipients: [attorney],
      now,
    });
    const keys = new Set(before.sends.map((s) => s.dedupeKey));
    expect(after.sends.some((s) => keys.has(s.dedupeKey))).toBe(false);
  });

  it('refuses a malformed date', () => {
    expect(() =>
      planDeadlineReminders({ deadline: deadline({ remindBy: '2026-02-30' }), recipients: [], now }),
    ).toThrow(/not a calendar date/);
  });

  it('uses a per-role time of day from the policy', () => {
    const policy = parseReminderPolicy({
      ...DEFAULT_REMINDER_POLICY,
      deadline: { family: {}, counsel: { coordinator: [atLocalTime(2, '10:15')] } },
    });
    const coordinator = recipient({ role: 'coordinator', timeZone: 'America/Chicago' });
    const plan = planDeadlineReminders({
      deadline: deadline({ actor: 'counsel' }),
      recipients: [coordinator],
      policy,
      now,
    });
    expect(plan.sends.map((s) => wallClock(s.sendAt, 'America/Chicago'))).toEqual([
      expect.objectContaining({ date: '2026-03-18', time: '10:15' }),
    ]);
  });
});
