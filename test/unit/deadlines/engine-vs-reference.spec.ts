import fc from 'fast-check';
import {
  BusinessCalendar,
  CaseSnapshot,
  DeadlineOptions,
  SIJS_STATE_AGE_LIMITS,
  computeCaseDeadlines,
} from '../../../src/deadlines/engine';
import { addDays, dayNumberFromParts, formatDayNumber } from '../../../src/time';
import { comparable, referenceCaseDeadlines } from '../../support/deadline-reference';
import { courtZones } from './fixtures';

const ZONES = courtZones();
const DAY = 86_400_000;
const MINUTE = 60_000;

/** US DST change days 2020–2035 (second Sunday of March, first Sunday of November) as day numbers. */
const DST_CHANGE_DAYS: number[] = [];
for (let year = 2020; year <= 2035; year++) {
  const march1 = dayNumberFromParts(year, 3, 1);
  const november1 = dayNumberFromParts(year, 11, 1);
  DST_CHANGE_DAYS.push(
    march1 + ((7 - ((march1 + 4) % 7)) % 7) + 7,
    november1 + ((7 - ((november1 + 4) % 7)) % 7),
  );
}

/** Minutes into a UTC day: anywhere, or on a whole/half hour (local midnight somewhere) give or take a little. */
const minuteOfUtcDay = fc.oneof(
  fc.integer({ min: 0, max: 24 * 60 - 1 }),
  fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 30), fc.constantFrom(-1, 0, 1))
    .map(([h, m, d]) => h * 60 + m + d),
);

/**
 * One random case. Everything clusters around a base day so that closures, holidays and triggers meet, and
 * instants sit near local midnights and on DST change days so that the court's zone decides the date.
 */
const caseSnapshot: fc.Arbitrary<{ snapshot: CaseSnapshot; options: DeadlineOptions }> = fc
  .tuple(
    fc.integer({ min: dayNumberFromParts(2020, 1, 1), max: dayNumberFromParts(2035, 6, 30) }),
    fc.constantFrom(...ZONES),
  )
  .chain(([base, courtZone]) => {
    const instant = fc
      .oneof(
        {
          weight: 4,
          arbitrary: fc.tuple(
            fc.integer({ min: -200, max: 200 }),
            minuteOfUtcDay,
            fc.integer({ min: -1, max: 1 }),
          ),
        },
        {
          weight: 1,
          arbitrary: fc.tuple(
            fc.constantFrom(...DST_CHANGE_DAYS.map((day) => day - base)),
            minuteOfUtcDay,
            fc.constant(0),
          ),
        },
      )
      .map(([days, minutes, ms]) => new Date((base + days) * DAY + minutes * MINUTE + ms));
    const dateNear = (span: number) =>
      fc.integer({ min: -span, max: span }).map((days) => formatDayNumber(base + days));
    const birthDate = fc.oneof(
      fc
        .integer({ min: dayNumberFromParts(2000, 1, 1), max: dayNumberFromParts(2022, 12, 31) })
        .map(formatDayNumber),
      fc.constantFrom('2004-02-29', '2008-02-29', '2012-02-29'),
    );
    const withIds = <T>(prefix: string, items: T[]) =>
      items.map((item, index) => ({ ...item, id: `${prefix}${index}` }));
    const replaceable = fc.constantFrom(
      { ruleId: 'filing_before_master_hearing', triggerRef: 'hearing:h0' },
      { ruleId: 'filing_before_individual_hearing', triggerRef: 'hearing:h1' },
      { ruleId: 'bia_appeal', triggerRef: 'decision:d0' },
      { ruleId: 'eoir33_change_of_address', triggerRef: 'address_change:a0' },
      { ruleId: 'sijs_i360_petition', triggerRef: 'child:date_of_birth' },
      { ruleId: 'manual', triggerRef: 'manual:m0' },
      { ruleId: 'nothing', triggerRef: 'nowhere' },
    );
    const snapshot = fc.record({
      caseId: fc.constant('case'),
      caseType: fc.constantFrom('removal_defense', 'asylum', 'sijs', 't_visa', 'u_visa', 'other' as const),
      // Mostly before the hearings, so that most of them are still ahead.
      asOf: fc
        .tuple(fc.integer({ min: -260, max: 120 }), minuteOfUtcDay)
        .map(([days, minutes]) => new Date((base + days) * DAY + minutes * MINUTE)),
      courtZone: fc.constant(courtZone),
      courtClosures: fc.uniqueArray(fc.oneof(dateNear(420), dateNear(250)), { maxLength: 60 }),
      detained: fc.oneof(
        { weight: 3, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
      child: fc.record({
        dateOfBirth: fc.option(birthDate, { nil: null, freq: 8 }),
        state: fc.option(fc.constantFrom(...Object.keys(SIJS_STATE_AGE_LIMITS), 'ZZ', 'ny'), {
          nil: null,
          freq: 8,
        }),
        designatedUnaccompanied: fc.boolean(),
        lastArrivalDate: fc.option(dateNear(500), { nil: null }),
      }),
      hearings: fc
        .array(
          fc.record({
            type: fc.constantFrom('master', 'master', 'individual', 'individual', 'bond', 'other' as const),
            status: fc.constantFrom('scheduled', 'scheduled', 'scheduled', 'completed', 'cancelled' as const),
            startsAt: instant,
          }),
          { maxLength: 4 },
        )
        .map((hearings) => withIds('h', hearings)),
      addressChanges: fc
        .array(fc.record({ changedAt: instant }), { maxLength: 3 })
        .map((items) => withIds('a', items)),
      filingsReceived: fc
        .array(fc.record({ receivedAt: instant }), { maxLength: 3 })
        .map((items) => withIds('f', items)),
      decisions: fc
        .array(
          fc.record({
            kind: fc.constantFrom('ij_decision', 'final_order', 'in_absentia_order', 'other' as const),
            decidedAt: instant,
          }),
          { maxLength: 3 },
        )
        .map((items) => withIds('d', items)),
      manualDeadlines: fc
        .array(
          fc.record({
            title: fc.constant('Set by the judge'),
            dueOn: dateNear(300),
            actor: fc.constantFrom('family', 'counsel', 'coordinator' as const),
            replaces: fc.option(replaceable, { nil: undefined }),
          }),
          { maxLength: 2 },
        )
        .map((items) => withIds('m', items)),
    });
    const options = fc.record(
      {
        masterHearingFilingDays: fc.constantFrom(15, 30 as const),
        individualHearingFilingDays: fc.constantFrom(15, 30 as const),
        unlistedJurisdictionSijsAgeLimit: fc.constantFrom(18, 19, 21),
        sijsAgeLimits: fc.constant({
          TX: {
            state: 'TX',
            name: 'Texas',
            ageLimit: 21,
            sourceStatus: 'U' as const,
            verified: false,
            source: 'test',
          },
        }),
      },
      { requiredKeys: [] },
    );
    // Closures aimed at where deadlines land (trigger + a rule's offset, give or take a day), so that many
    // computed dates hit one; uniform random closures alone almost never do.
    const withTargetedClosures = snapshot.chain((generated) => {
      const triggerDays = [
        ...generated.hearings.map((hearing) => hearing.startsAt),
        ...generated.addressChanges.map((change) => change.changedAt),
        ...generated.filingsReceived.map((filing) => filing.receivedAt),
        ...generated.decisions.map((decision) => decision.decidedAt),
      ].map((instant) => Math.floor(instant.getTime() / DAY));
      const candidates = new Set<string>();
      for (const day of triggerDays) {
        for (const offset of [-30, -15, 5, 10, 30, 90, 180]) {
          for (const jitter of [-1, 0, 1, 2]) candidates.add(formatDayNumber(day + offset + jitter));
        }
      }
      return fc
        .subarray([...candidates].sort(), { maxLength: Math.min(12, candidates.size) })
        .map((targeted) => ({
          ...generated,
          courtClosures: [...new Set([...generated.courtClosures, ...targeted])],
        }));
    });
    return fc.record({ snapshot: withTargetedClosures, options });
  });

describe('engine against the day-by-day reference', () => {
  it('gives the same deadlines and notices for thousands of random cases, 2020–2035, in every court zone', () => {
    fc.assert(
      fc.property(caseSnapshot, ({ snapshot, options }) => {
        expect(comparable(computeCaseDeadlines(snapshot, options))).toEqual(
          referenceCaseDeadlines(snapshot, options),
        );
      }),
      { numRuns: 5000 },
    );
  });

  it('generates cases that exercise rolls, holidays, closures and zone-shifted dates (the comparison means something)', () => {
    const samples = fc.sample(caseSnapshot, { numRuns: 3000, seed: 20_250_704 });
    const seen = {
      deadlines: 0,
      rolled: 0,
      holiday: 0,
      closure: 0,
      backwardRolled: 0,
      beforeBirthday: 0,
      zoneShift: 0,
    };
    for (const { snapshot, options } of samples) {
      const calendar = new BusinessCalendar(snapshot.courtClosures);
      for (const deadline of computeCaseDeadlines(snapshot, options).deadlines) {
        seen.deadlines++;
        if (deadline.dueDate !== deadline.computedDate) seen.rolled++;
        if (deadline.ruleId.startsWith('filing_before') && deadline.dueDate !== deadline.computedDate)
          seen.backwardRolled++;
        // An age deadline that moved off the eve of the birthday (a weekend or holiday eve).
        if (deadline.ruleId.startsWith('sijs') && addDays(deadline.computedDate, -1) !== deadline.dueDate) {
          seen.beforeBirthday++;
        }
        const reason = calendar.nonBusinessReason(deadline.computedDate);
        if (reason === 'court closure') seen.closure++;
        else if (reason && reason !== 'Saturday' && reason !== 'Sunday') seen.holiday++;
      }
      for (const hearing of snapshot.hearings ?? []) {
        const utcDate = hearing.startsAt.toISOString().slice(0, 10);
        const localDate = new Intl.DateTimeFormat('en-CA', { timeZone: snapshot.courtZone }).format(
          hearing.startsAt,
        );
        if (utcDate !== localDate) seen.zoneShift++;
      }
    }
    expect(seen.deadlines).toBeGreaterThan(10_000);
    expect(seen.rolled).toBeGreaterThan(2_000);
    expect(seen.backwardRolled).toBeGreaterThan(200);
    expect(seen.beforeBirthday).toBeGreaterThan(200);
    expect(seen.holiday).toBeGreaterThan(100);
    expect(seen.closure).toBeGreaterThan(100);
    expect(seen.zoneShift).toBeGreaterThan(500);
  });
});
