import {
  CaseDeadlines,
  ComputedDeadline,
  DEADLINE_RULES,
  DeadlineInputError,
  DeadlineRule,
  RULE_IDS,
  computeCaseDeadlines,
} from '../../../src/deadlines/engine';
import { snapshot } from './fixtures';

/** The one deadline of a rule in a result (fails the test if there are none or several). */
function only(result: CaseDeadlines, ruleId: string): ComputedDeadline {
  const matches = result.deadlines.filter((deadline) => deadline.ruleId === ruleId);
  expect(matches).toHaveLength(1);
  return matches[0];
}

function dates(
  deadline: ComputedDeadline,
): Pick<ComputedDeadline, 'triggerDate' | 'computedDate' | 'dueDate' | 'remindBy'> {
  const { triggerDate, computedDate, dueDate, remindBy } = deadline;
  return { triggerDate, computedDate, dueDate, remindBy };
}

/** 15:00 in New York on a date (EST or EDT as the date requires: both are safely the same day in UTC). */
const afternoonInNewYork = (date: string): Date => new Date(`${date}T19:30:00Z`);

describe('rules as data', () => {
  it('has unique ids and every field the engine needs', () => {
    const ids = DEADLINE_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(Object.values(RULE_IDS).sort());
    for (const rule of DEADLINE_RULES) {
      expect(rule.title.length).toBeGreaterThan(5);
      expect(rule.source.length).toBeGreaterThan(5);
      expect(['V', 'S', 'U']).toContain(rule.sourceStatus);
      expect(['family', 'counsel', 'coordinator']).toContain(rule.actor);
      // A backward roll only makes sense for a backward period, and the age roll only for birthdays.
      if (rule.roll === 'practice_manual_backward') expect(rule.direction).toBe('before');
      if (rule.roll === 'last_business_day_before') expect(rule.offset.unit).toBe('years');
    }
  });
});

describe('EOIR-33 change of address (5 days after, forward roll)', () => {
  it('rolls a Saturday to Monday and reminds on the Friday', () => {
    const result = computeCaseDeadlines(
      snapshot({ addressChanges: [{ id: 'a1', changedAt: afternoonInNewYork('2025-03-03') }] }),
    );
    const deadline = only(result, RULE_IDS.changeOfAddress);
    expect(dates(deadline)).toEqual({
      triggerDate: '2025-03-03',
      computedDate: '2025-03-08',
      dueDate: '2025-03-10',
      remindBy: '2025-03-07',
    });
    expect(deadline).toMatchObject({
      key: 'eoir33_change_of_address@address_change:a1',
      triggerRef: 'address_change:a1',
      triggerKind: 'address_change',
      actor: 'family',
      origin: 'rule',
      sourceStatus: 'V',
    });
    expect(deadline.explanation).toBe(
      'File Form EOIR-33/IC (change of address): 5 days after the address change on Mon 2025-03-03 ' +
        '(America/New_York) is Sat 2025-03-08, not a business day (Saturday); it rolls to the next business day, ' +
        'Mon 2025-03-10. Remind by Fri 2025-03-07, the last business day before that.',
    );
  });

  it('keeps a business day as it is', () => {
    const result = computeCaseDeadlines(
      snapshot({ addressChanges: [{ id: 'a1', changedAt: afternoonInNewYork('2025-03-05') }] }),
    );
    const deadline = only(result, RULE_IDS.changeOfAddress);
    expect(dates(deadline)).toMatchObject({
      computedDate: '2025-03-10',
      dueDate: '2025-03-10',
      remindBy: '2025-03-10',
    });
    expect(deadline.explanation).not.toContain('Remind by');
  });

  it('counts a court closure like a holiday', () => {
    const result = computeCaseDeadlines(
      snapshot({
        courtClosures: ['2025-03-10'],
        addressChanges: [{ id: 'a1', changedAt: afternoonInNewYork('2025-03-05') }],
      }),
    );
    const deadline = only(result, RULE_IDS.changeOfAddress);
    expect(dates(deadline)).toMatchObject({ dueDate: '2025-03-11', remindBy: '2025-03-07' });
    expect(deadline.explanation).toContain('not a business day (court closure)');
  });
});

describe('filings before a hearing (N days before, practice-manual backward roll)', () => {
  const hearing = (type: 'master' | 'individual', date: string, id = 'h1') => ({
    id,
    type,
    status: 'scheduled' as const,
    startsAt: new Date(`${date}T13:00:00Z`), // 09:00 EDT
  });

  it('master: 15 days before on a business day', () => {
    const result = computeCaseDeadlines(snapshot({ hearings: [hearing('master', '2025-07-22')] }));
    expect(dates(only(result, RULE_IDS.filingBeforeMasterHearing))).toEqual({
      triggerDate: '2025-07-22',
      computedDate: '2025-07-07',
      dueDate: '2025-07-07',
      remindBy: '2025-07-07',
    });
  });

  it('master: a Sunday is construed to fall on the NEXT business day; remind before the 4 July weekend', () => {
    const result = computeCaseDeadlines(snapshot({ hearings: [hearing('master', '2025-07-21')] }));
    const deadline = only(result, RULE_IDS.filingBeforeMasterHearing);
    expect(dates(deadline)).toEqual({
      triggerDate: '2025-07-21',
      computedDate: '2025-07-06',
      dueDate: '2025-07-07',
      remindBy: '2025-07-03',
    });
    expect(deadline.actor).toBe('counsel');
    expect(deadline.explanation).toContain('construed to fall on the next business day, Mon 2025-07-07');
    expect(deadline.explanation).toContain('Remind by Thu 2025-07-03');
  });

  it('individual: 15 days by default, 30 when configured', () => {
    const input = snapshot({ hearings: [hearing('individual', '2025-08-06')] });
    expect(only(computeCaseDeadlines(input), RULE_IDS.filingBeforeIndividualHearing).dueDate).toBe(
      '2025-07-22',
    );
    const thirty = computeCaseDeadlines(input, { individualHearingFilingDays: 30 });
    expect(only(thirty, RULE_IDS.filingBeforeIndividualHearing).dueDate).toBe('2025-07-07');
    // The master setting is separate.
    const masterThirty = computeCaseDeadlines(input, { masterHearingFilingDays: 30 });
    expect(only(masterThirty, RULE_IDS.filingBeforeIndividualHearing).dueDate).toBe('2025-07-22');
  });

  it('only scheduled hearings still ahead count; cancelled, completed, past and other types do not', () => {
    const result = computeCaseDeadlines(
      snapshot({
        asOf: new Date('2025-06-01T15:00:00Z'), // after the 13:00Z hearing that day
        hearings: [
          { ...hearing('master', '2025-07-22'), id: 'cancelled', status: 'cancelled' },
          { ...hearing('master', '2025-07-22'), id: 'completed', status: 'completed' },
          hearing('master', '2025-05-20', 'past'),
          hearing('individual', '2025-06-01', 'earlier-today'),
          { ...hearing('master', '2025-07-22'), id: 'bond', type: 'bond' },
          hearing('individual', '2025-09-10', 'ahead'),
        ],
      }),
    );
    expect(result.deadlines.map((deadline) => deadline.triggerRef)).toEqual(['hearing:ahead']);
  });

  it('a detained docket gets a notice instead: the judge sets the date', () => {
    const result = computeCaseDeadlines(
      snapshot({ detained: true, hearings: [hearing('master', '2025-07-22')] }),
    );
    expect(result.deadlines).toEqual([]);
    expect(result.notices).toEqual([
      expect.objectContaining({
        key: 'filing_before_master_hearing@hearing:h1',
        kind: 'set_by_court',
        actor: 'counsel',
        reviewOn: null,
      }),
    ]);
  });
});

describe('response to a filing (10 days after receipt)', () => {
  it('rolls Independence Day to Monday', () => {
    const result = computeCaseDeadlines(
      snapshot({ filingsReceived: [{ id: 'f1', receivedAt: afternoonInNewYork('2025-06-24') }] }),
    );
    expect(dates(only(result, RULE_IDS.responseToFiling))).toEqual({
      triggerDate: '2025-06-24',
      computedDate: '2025-07-04',
      dueDate: '2025-07-07',
      remindBy: '2025-07-03',
    });
    expect(only(result, RULE_IDS.responseToFiling).explanation).toContain('(Independence Day)');
  });

  it('is set by the court on a detained docket', () => {
    const result = computeCaseDeadlines(
      snapshot({
        detained: true,
        filingsReceived: [{ id: 'f1', receivedAt: afternoonInNewYork('2025-06-24') }],
      }),
    );
    expect(result.notices.map((notice) => [notice.key, notice.kind])).toEqual([
      ['response_to_filing@filing:f1', 'set_by_court'],
    ]);
  });
});

describe('decisions', () => {
  it('BIA appeal: 30 days after an IJ decision; Thanksgiving rolls to Friday', () => {
    const result = computeCaseDeadlines(
      snapshot({
        decisions: [{ id: 'd1', kind: 'ij_decision', decidedAt: afternoonInNewYork('2025-10-28') }],
      }),
    );
    expect(dates(only(result, RULE_IDS.biaAppeal))).toEqual({
      triggerDate: '2025-10-28',
      computedDate: '2025-11-27',
      dueDate: '2025-11-28',
      remindBy: '2025-11-26',
    });
    expect(result.deadlines).toHaveLength(1);
  });

  it('BIA appeal: a day 30 on Fri 2021-12-31 (observed New Year 2022) rolls over the weekend to 2022-01-03', () => {
    const result = computeCaseDeadlines(
      snapshot({
        decisions: [{ id: 'd1', kind: 'ij_decision', decidedAt: afternoonInNewYork('2021-12-01') }],
      }),
    );
    expect(dates(only(result, RULE_IDS.biaAppeal))).toMatchObject({
      dueDate: '2022-01-03',
      remindBy: '2021-12-30',
    });
    expect(only(result, RULE_IDS.biaAppeal).explanation).toContain("(New Year's Day (observed))");
  });

  it('BIA appeal: the same edge on Fri 2027-12-31 (New Year 2028 is a Saturday)', () => {
    const result = computeCaseDeadlines(
      snapshot({
        decisions: [{ id: 'd1', kind: 'ij_decision', decidedAt: afternoonInNewYork('2027-12-01') }],
      }),
    );
    expect(dates(only(result, RULE_IDS.biaAppeal))).toMatchObject({
      dueDate: '2028-01-03',
      remindBy: '2027-12-30',
    });
  });

  it('final order: reconsider in 30 days, reopen in 90 (a Sunday, rolled to Monday)', () => {
    const result = computeCaseDeadlines(
      snapshot({
        decisions: [{ id: 'd1', kind: 'final_order', decidedAt: afternoonInNewYork('2025-09-22') }],
      }),
    );
    expect(dates(only(result, RULE_IDS.motionToReconsider))).toMatchObject({
      dueDate: '2025-10-22',
      remindBy: '2025-10-22',
    });
    expect(dates(only(result, RULE_IDS.motionToReopen))).toMatchObject({
      computedDate: '2025-12-21',
      dueDate: '2025-12-22',
      remindBy: '2025-12-19',
    });
    expect(only(result, RULE_IDS.motionToReconsider).sourceStatus).toBe('U');
    expect(result.deadlines.map((deadline) => deadline.ruleId)).toEqual([
      RULE_IDS.motionToReconsider,
      RULE_IDS.motionToReopen,
    ]);
  });

  it('in absentia order: rescission within 180 days, and no BIA appeal', () => {
    const result = computeCaseDeadlines(
      snapshot({
        decisions: [{ id: 'd1', kind: 'in_absentia_order', decidedAt: afternoonInNewYork('2025-01-10') }],
      }),
    );
    expect(dates(only(result, RULE_IDS.inAbsentiaRescission))).toMatchObject({ dueDate: '2025-07-09' });
    expect(result.deadlines).toHaveLength(1);
  });

  it('other decisions start no clock', () => {
    const result = computeCaseDeadlines(
      snapshot({ decisions: [{ id: 'd1', kind: 'other', decidedAt: afternoonInNewYork('2025-01-10') }] }),
    );
    expect(result.deadlines).toEqual([]);
  });
});

describe('time zones and DST', () => {
  it('a master hearing at 00:30 on the DST-start day counts from that day in New York, the day before in LA', () => {
    const hearings = [
      {
        id: 'h1',
        type: 'master' as const,
        status: 'scheduled' as const,
        startsAt: new Date('2025-03-09T05:30:00Z'),
      },
    ];
    const newYork = only(computeCaseDeadlines(snapshot({ hearings })), RULE_IDS.filingBeforeMasterHearing);
    expect(dates(newYork)).toEqual({
      triggerDate: '2025-03-09',
      computedDate: '2025-02-22',
      dueDate: '2025-02-24',
      remindBy: '2025-02-21',
    });
    const losAngeles = only(
      computeCaseDeadlines(snapshot({ hearings, courtZone: 'America/Los_Angeles' })),
      RULE_IDS.filingBeforeMasterHearing,
    );
    expect(dates(losAngeles)).toEqual({
      triggerDate: '2025-03-08',
      computedDate: '2025-02-21',
      dueDate: '2025-02-21',
      remindBy: '2025-02-21',
    });
  });

  it('a decision at 23:30 in Honolulu counts from the Honolulu date, though UTC is a day later', () => {
    const decisions = [
      { id: 'd1', kind: 'ij_decision' as const, decidedAt: new Date('2025-07-01T09:30:00Z') },
    ];
    const honolulu = computeCaseDeadlines(snapshot({ decisions, courtZone: 'Pacific/Honolulu' }));
    expect(dates(only(honolulu, RULE_IDS.biaAppeal))).toMatchObject({
      triggerDate: '2025-06-30',
      dueDate: '2025-07-30',
    });
    const utc = computeCaseDeadlines(snapshot({ decisions, courtZone: 'UTC' }));
    expect(dates(only(utc, RULE_IDS.biaAppeal))).toMatchObject({
      triggerDate: '2025-07-01',
      dueDate: '2025-07-31',
    });
  });

  it('Guam is already on the next day', () => {
    const decisions = [
      { id: 'd1', kind: 'ij_decision' as const, decidedAt: new Date('2025-06-30T15:00:00Z') },
    ];
    const guam = computeCaseDeadlines(snapshot({ decisions, courtZone: 'Pacific/Guam' }));
    expect(only(guam, RULE_IDS.biaAppeal).triggerDate).toBe('2025-07-01');
  });
});

describe('age-based deadlines (last business day before the birthday) [U convention]', () => {
  const sijs = (dateOfBirth: string, state: string) =>
    computeCaseDeadlines(snapshot({ caseType: 'sijs', child: { dateOfBirth, state } }));

  it('SIJS state order before 21 in California and I-360 before 21: the day before a Thursday birthday', () => {
    const result = sijs('2008-05-17', 'CA');
    expect(dates(only(result, RULE_IDS.sijsStateCourtOrder))).toEqual({
      triggerDate: '2008-05-17',
      computedDate: '2029-05-17',
      dueDate: '2029-05-16',
      remindBy: '2029-05-16',
    });
    expect(dates(only(result, RULE_IDS.sijsI360))).toMatchObject({
      computedDate: '2029-05-17',
      dueDate: '2029-05-16',
    });
    expect(only(result, RULE_IDS.sijsI360).triggerRef).toBe('child:date_of_birth');
  });

  it('SIJS state order before 18 in Texas: birthday on a Sunday, so due Friday', () => {
    const deadline = only(sijs('2008-05-17', 'TX'), RULE_IDS.sijsStateCourtOrder);
    expect(dates(deadline)).toMatchObject({
      computedDate: '2026-05-17',
      dueDate: '2026-05-15',
      remindBy: '2026-05-15',
    });
    expect(deadline.sourceStatus).toBe('U');
    expect(deadline.explanation).toContain('age limit 18 in Texas, unverified [U]');
    expect(deadline.explanation).toContain('(Sat 2026-05-16, not a business day (Saturday))');
  });

  it('I-360: a 21st birthday on the Tuesday after Memorial Day is due the Friday before', () => {
    expect(only(sijs('2005-05-26', 'CA'), RULE_IDS.sijsI360).dueDate).toBe('2026-05-22');
  });

  it('a child born on 29 February has the birthday on 28 February in common years', () => {
    const result = sijs('2008-02-29', 'TX');
    expect(dates(only(result, RULE_IDS.sijsI360))).toMatchObject({
      computedDate: '2029-02-28',
      dueDate: '2029-02-27',
    });
    expect(dates(only(result, RULE_IDS.sijsStateCourtOrder))).toMatchObject({
      computedDate: '2026-02-28',
      dueDate: '2026-02-27',
    });
  });

  it('uses the federal calendar, not the immigration court’s closures (USCIS and state courts)', () => {
    const result = computeCaseDeadlines(
      snapshot({
        caseType: 'sijs',
        courtClosures: ['2029-05-16'],
        child: { dateOfBirth: '2008-05-17', state: 'CA' },
      }),
    );
    expect(only(result, RULE_IDS.sijsI360).dueDate).toBe('2029-05-16');
  });

  it('applies to SIJS cases only', () => {
    const result = computeCaseDeadlines(
      snapshot({ caseType: 'u_visa', child: { dateOfBirth: '2008-05-17' } }),
    );
    expect(result.deadlines).toEqual([]);
    expect(result.notices).toEqual([]);
  });

  it('asks for the missing date of birth or state instead of guessing', () => {
    const noBirth = computeCaseDeadlines(snapshot({ caseType: 'sijs', child: { dateOfBirth: null } }));
    expect(noBirth.deadlines).toEqual([]);
    expect(noBirth.notices.map((notice) => [notice.key, notice.kind])).toEqual([
      ['sijs_i360_petition@child:date_of_birth', 'missing_input'],
      ['sijs_state_court_order@child:date_of_birth', 'missing_input'],
    ]);
    const noState = computeCaseDeadlines(
      snapshot({ caseType: 'sijs', child: { dateOfBirth: '2008-05-17', state: null } }),
    );
    expect(noState.deadlines.map((deadline) => deadline.ruleId)).toEqual([RULE_IDS.sijsI360]);
    expect(noState.notices.map((notice) => [notice.key, notice.kind])).toEqual([
      ['sijs_state_court_order@child:date_of_birth', 'missing_input'],
    ]);
  });
});

describe('one-year asylum deadline', () => {
  it('yields no deadline for a designated unaccompanied child, explains why, and sets a review at 18', () => {
    for (const caseType of ['asylum', 'removal_defense'] as const) {
      const result = computeCaseDeadlines(
        snapshot({
          caseType,
          child: { designatedUnaccompanied: true, dateOfBirth: '2010-06-15', lastArrivalDate: '2024-07-04' },
        }),
      );
      expect(result.deadlines).toEqual([]);
      expect(result.notices).toEqual([
        {
          key: 'asylum_one_year@child:designation',
          ruleId: RULE_IDS.asylumOneYear,
          triggerRef: 'child:designation',
          kind: 'exempt',
          actor: 'counsel',
          explanation: expect.stringContaining('INA 208(a)(2)(E)'),
          reviewOn: '2028-06-15',
          sourceStatus: 'S',
          source: expect.stringContaining('CLINIC'),
        },
      ]);
    }
  });

  it('applies, one year after the last arrival, to a child not designated UC', () => {
    const result = computeCaseDeadlines(
      snapshot({
        caseType: 'asylum',
        child: { designatedUnaccompanied: false, lastArrivalDate: '2024-07-04' },
      }),
    );
    expect(dates(only(result, RULE_IDS.asylumOneYear))).toEqual({
      triggerDate: '2024-07-04',
      computedDate: '2025-07-04',
      dueDate: '2025-07-07',
      remindBy: '2025-07-03',
    });
    expect(result.notices).toEqual([]);
  });

  it('asks for the arrival date when a non-UC child has none', () => {
    const result = computeCaseDeadlines(
      snapshot({ caseType: 'asylum', child: { designatedUnaccompanied: false, lastArrivalDate: null } }),
    );
    expect(result.notices.map((notice) => [notice.key, notice.kind])).toEqual([
      ['asylum_one_year@child:last_arrival', 'missing_input'],
    ]);
  });

  it('is not considered for SIJS, T or U visa matters', () => {
    for (const caseType of ['t_visa', 'u_visa', 'other'] as const) {
      expect(computeCaseDeadlines(snapshot({ caseType })).notices).toEqual([]);
    }
  });
});

describe('deadlines set by hand', () => {
  it('moves a Saturday to Monday and can replace a computed deadline', () => {
    const result = computeCaseDeadlines(
      snapshot({
        hearings: [
          { id: 'h1', type: 'master', status: 'scheduled', startsAt: new Date('2025-07-22T13:00:00Z') },
        ],
        manualDeadlines: [
          {
            id: 'm1',
            title: 'Brief ordered by the IJ',
            dueOn: '2025-03-08',
            actor: 'counsel',
            replaces: { ruleId: RULE_IDS.filingBeforeMasterHearing, triggerRef: 'hearing:h1' },
          },
        ],
      }),
    );
    expect(result.deadlines).toEqual([
      expect.objectContaining({
        key: 'manual@manual:m1',
        origin: 'manual',
        triggerRef: 'manual:m1',
        computedDate: '2025-03-08',
        dueDate: '2025-03-10',
        remindBy: '2025-03-07',
        title: 'Brief ordered by the IJ',
      }),
    ]);
    expect(result.notices).toEqual([
      expect.objectContaining({
        key: 'filing_before_master_hearing@hearing:h1',
        kind: 'overridden_by_manual',
      }),
    ]);
    expect(result.deadlines[0].explanation).toContain('Replaces the computed deadline of 2025-07-07');
  });

  it('leaves the computed deadlines alone when it replaces nothing', () => {
    const result = computeCaseDeadlines(
      snapshot({
        hearings: [
          { id: 'h1', type: 'master', status: 'scheduled', startsAt: new Date('2025-07-22T13:00:00Z') },
        ],
        manualDeadlines: [
          {
            id: 'm1',
            title: 'Judge date',
            dueOn: '2025-07-01',
            actor: 'family',
            replaces: { ruleId: 'x', triggerRef: 'y' },
          },
        ],
      }),
    );
    expect(result.deadlines.map((deadline) => [deadline.key, deadline.dueDate, deadline.actor])).toEqual([
      ['manual@manual:m1', '2025-07-01', 'family'],
      ['filing_before_master_hearing@hearing:h1', '2025-07-07', 'counsel'],
    ]);
    expect(result.notices).toEqual([]);
  });
});

describe('the engine as a whole', () => {
  const busy = snapshot({
    caseType: 'sijs',
    child: { dateOfBirth: '2009-03-01', state: 'NY' },
    hearings: [
      { id: 'h2', type: 'individual', status: 'scheduled', startsAt: new Date('2025-09-10T14:00:00Z') },
      { id: 'h1', type: 'master', status: 'scheduled', startsAt: new Date('2025-03-04T14:00:00Z') },
    ],
    addressChanges: [{ id: 'a1', changedAt: afternoonInNewYork('2025-02-01') }],
    filingsReceived: [{ id: 'f1', receivedAt: afternoonInNewYork('2025-02-14') }],
    decisions: [{ id: 'd1', kind: 'final_order', decidedAt: afternoonInNewYork('2025-02-01') }],
  });

  it('sorts by due date then key, deterministically', () => {
    const first = computeCaseDeadlines(busy);
    const dueDates = first.deadlines.map((deadline) => deadline.dueDate);
    expect(dueDates).toEqual([...dueDates].sort());
    expect(first.deadlines).toHaveLength(8);
    expect(computeCaseDeadlines(busy)).toEqual(first);
    const reversed = computeCaseDeadlines({ ...busy, hearings: [...(busy.hearings ?? [])].reverse() });
    expect(reversed).toEqual(first);
  });

  it('does not mutate its input', () => {
    const frozen = JSON.stringify(busy);
    computeCaseDeadlines(busy);
    expect(JSON.stringify(busy)).toBe(frozen);
  });

  it('follows a replaced rule set (rules are data)', () => {
    const sevenDayAddressRule: DeadlineRule = {
      ...DEADLINE_RULES.find((rule) => rule.id === RULE_IDS.changeOfAddress)!,
      offset: { amount: 7, unit: 'days' },
    };
    const result = computeCaseDeadlines(busy, { rules: [sevenDayAddressRule] });
    expect(result.deadlines.map((deadline) => [deadline.ruleId, deadline.computedDate])).toEqual([
      [RULE_IDS.changeOfAddress, '2025-02-08'],
    ]);
  });

  it('rejects malformed input with DeadlineInputError', () => {
    expect(() => computeCaseDeadlines(snapshot({ courtZone: 'America/Atlantis' }))).toThrow(
      DeadlineInputError,
    );
    expect(() => computeCaseDeadlines(snapshot({ asOf: new Date('nope') }))).toThrow(DeadlineInputError);
    expect(() =>
      computeCaseDeadlines(snapshot({ caseType: 'sijs', child: { dateOfBirth: '2008-02-30' } })),
    ).toThrow(DeadlineInputError);
    expect(() =>
      computeCaseDeadlines(snapshot({ addressChanges: [{ id: 'a', changedAt: new Date(Number.NaN) }] })),
    ).toThrow(/address change a/);
    expect(() => computeCaseDeadlines(snapshot({ courtClosures: ['tomorrow'] }))).toThrow(DeadlineInputError);
  });
});
