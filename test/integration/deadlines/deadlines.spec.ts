import { DataSource } from 'typeorm';
import { DeadlineSweeper } from '../../../src/deadlines/deadline-sweeper';
import { Session, startTestApp, TestApp } from '../../support/test-app';
import { assign, counts, createAttorney, createCase } from '../hearings/support';

interface DeadlineBody {
  id: string;
  key: string;
  ruleId: string;
  origin: string;
  triggerRef: string;
  dueDate: string;
  remindBy: string;
  timeZone: string;
  status: string;
  statusNote: string | null;
}

describe('deadlines', () => {
  let t: TestApp;
  let db: DataSource;
  let coordinator: Session;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    coordinator = await t.login('coordinator');
  });
  afterAll(() => t.close());

  const deadlinesOf = async (caseId: string, session = coordinator, query = '') =>
    (await t.http().get(`/cases/${caseId}/deadlines${query}`).set(session.auth).expect(200)).body as {
      deadlines: DeadlineBody[];
      notices: { ruleId: string; kind: string; key: string; explanation: string }[];
      timeZone: string;
      courtCode: string | null;
    };
  const byRule = async (caseId: string, ruleId: string, query = '?includeSuperseded=true') =>
    (await deadlinesOf(caseId, coordinator, query)).deadlines.filter((d) => d.ruleId === ruleId);
  const schedule = (caseId: string, body: Record<string, unknown>) =>
    t.http().post(`/cases/${caseId}/hearings`).set(coordinator.auth).send(body).expect(201);

  it('computes the pre-hearing filing deadline and moves it with the hearing (same row), then supersedes it on cancel', async () => {
    const { caseId } = await createCase(t, coordinator);
    const hearing = await schedule(caseId, {
      hearingType: 'master',
      localDate: '2027-03-03',
      localTime: '09:00',
    });
    const [first] = await byRule(caseId, 'filing_before_master_hearing');
    expect(first).toMatchObject({
      key: `filing_before_master_hearing@hearing:${hearing.body.id}`,
      origin: 'rule',
      dueDate: '2027-02-16',
      remindBy: '2027-02-16',
      timeZone: 'America/New_York',
      status: 'open',
    });

    await t
      .http()
      .patch(`/hearings/${hearing.body.id}`)
      .set(coordinator.auth)
      .send({ localDate: '2027-03-17' })
      .expect(200);
    const [moved] = await byRule(caseId, 'filing_before_master_hearing');
    expect(moved).toMatchObject({ id: first.id, dueDate: '2027-03-02', status: 'open' });

    await t
      .http()
      .post(`/hearings/${hearing.body.id}/cancel`)
      .set(coordinator.auth)
      .send({ reason: 'vacated' })
      .expect(200);
    const [cancelled] = await byRule(caseId, 'filing_before_master_hearing');
    expect(cancelled).toMatchObject({ id: first.id, status: 'superseded' });
    expect(cancelled.statusNote).toContain('hearing cancelled');
    expect((await deadlinesOf(caseId)).deadlines.map((d) => d.ruleId)).not.toContain(
      'filing_before_master_hearing',
    );
  });

  it('uses the court’s filing-day setting (30 days before an individual hearing) when an admin sets it', async () => {
    const { caseId } = await createCase(t, coordinator, { courtCode: 'DAL' });
    await schedule(caseId, { hearingType: 'individual', localDate: '2027-06-01', localTime: '09:00' });
    expect((await byRule(caseId, 'filing_before_individual_hearing'))[0].dueDate).toBe('2027-05-17');
    const admin = await t.login('admin');
    const settings = await t
      .http()
      .put('/courts/DAL/deadline-settings')
      .set(admin.auth)
      .send({ masterHearingFilingDays: 15, individualHearingFilingDays: 30 })
      .expect(200);
    expect(settings.body).toMatchObject({
      courtCode: 'DAL',
      individualHearingFilingDays: 30,
      configured: true,
    });
    // 2027-05-02 is a Sunday: the practice manual construes it as the next business day.
    expect((await byRule(caseId, 'filing_before_individual_hearing'))[0].dueDate).toBe('2027-05-03');
    await t
      .http()
      .put('/courts/DAL/deadline-settings')
      .set(admin.auth)
      .send({ masterHearingFilingDays: 15, individualHearingFilingDays: 20 })
      .expect(400);
    await t
      .http()
      .put('/courts/DAL/deadline-settings')
      .set(coordinator.auth)
      .send({ masterHearingFilingDays: 15, individualHearingFilingDays: 15 })
      .expect(403);
  });

  it('rolls over court closures, and back when the closure is removed', async () => {
    const { caseId } = await createCase(t, coordinator, { courtCode: 'BOS' });
    await schedule(caseId, { hearingType: 'master', localDate: '2027-03-03', localTime: '09:00' });
    const admin = await t.login('admin');
    await t
      .http()
      .post('/courts/BOS/closures')
      .set(admin.auth)
      .send({ date: '2027-02-16', reason: 'Snow' })
      .expect(201);
    const [closed] = await byRule(caseId, 'filing_before_master_hearing');
    // Closed Tue 2027-02-16: due the next business day; remind by the business day before (Mon 15th is a holiday).
    expect(closed).toMatchObject({ dueDate: '2027-02-17', remindBy: '2027-02-12' });
    const dup = await t
      .http()
      .post('/courts/BOS/closures')
      .set(admin.auth)
      .send({ date: '2027-02-16', reason: 'again' })
      .expect(409);
    expect(dup.body.code).toBe('closure_exists');
    await t
      .http()
      .post('/courts/BOS/closures')
      .set(admin.auth)
      .send({ date: '2027-02-30', reason: 'x' })
      .expect(400);
    await t
      .http()
      .post('/courts/ZZZ/closures')
      .set(admin.auth)
      .send({ date: '2027-02-18', reason: 'x' })
      .expect(404);
    const list = await t.http().get('/courts/BOS/closures').set(coordinator.auth).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ date: '2027-02-16', reason: 'Snow' })]);
    await t.http().delete('/courts/BOS/closures/2027-02-16').set(admin.auth).expect(204);
    expect((await byRule(caseId, 'filing_before_master_hearing'))[0]).toMatchObject({
      dueDate: '2027-02-16',
      status: 'open',
    });
  });

  it('follows decisions: BIA appeal, motions after a final order, in absentia rescission', async () => {
    const { caseId } = await createCase(t, coordinator);
    const ij = await t
      .http()
      .post(`/cases/${caseId}/decisions`)
      .set(coordinator.auth)
      .send({ kind: 'ij_decision', decidedOn: '2026-10-15' })
      .expect(201);
    const final = await t
      .http()
      .post(`/cases/${caseId}/decisions`)
      .set(coordinator.auth)
      .send({ kind: 'final_order', decidedOn: '2026-10-15' })
      .expect(201);
    const hearing = await schedule(caseId, {
      hearingType: 'master',
      localDate: '2026-10-06',
      localTime: '09:00',
    });
    await t
      .http()
      .post(`/hearings/${hearing.body.id}/outcome`)
      .set(coordinator.auth)
      .send({ result: 'decided', decision: { kind: 'in_absentia_order' } })
      .expect(200);
    const { deadlines } = await deadlinesOf(caseId);
    const due = Object.fromEntries(deadlines.map((d) => [d.ruleId, [d.triggerRef, d.dueDate]]));
    expect(due).toMatchObject({
      // 2026-11-14 is a Saturday.
      bia_appeal: [`decision:${ij.body.id}`, '2026-11-16'],
      motion_to_reconsider: [`decision:${final.body.id}`, '2026-11-16'],
      motion_to_reopen: [`decision:${final.body.id}`, '2027-01-13'],
      // 2027-04-04 is a Sunday.
      in_absentia_rescission: [expect.stringMatching(/^decision:/), '2027-04-05'],
    });
    const bad = await t
      .http()
      .post(`/cases/${caseId}/decisions`)
      .set(coordinator.auth)
      .send({ kind: 'ij_decision', decidedOn: '2099-01-01' })
      .expect(400);
    expect(bad.body.code).toBe('decision_date_in_future');
  });

  it('recomputes age deadlines when the date of birth is corrected and when the child moves state', async () => {
    const { caseId, childId } = await createCase(t, coordinator, { caseType: 'sijs' });
    let rules = Object.fromEntries((await deadlinesOf(caseId)).deadlines.map((d) => [d.ruleId, d]));
    // Born 2010-04-17 in NY (age limit 21): the day before the 21st birthday, Wed 2031-04-16.
    expect(rules.sijs_i360_petition.dueDate).toBe('2031-04-16');
    expect(rules.sijs_state_court_order.dueDate).toBe('2031-04-16');
    const i360 = rules.sijs_i360_petition.id;

    await t
      .http()
      .patch(`/children/${childId}`)
      .set(coordinator.auth)
      .send({ dateOfBirth: '2010-06-05' })
      .expect(200);
    rules = Object.fromEntries((await deadlinesOf(caseId)).deadlines.map((d) => [d.ruleId, d]));
    expect(rules.sijs_i360_petition).toMatchObject({ id: i360, dueDate: '2031-06-04' });

    await t
      .http()
      .patch(`/children/${childId}`)
      .set(coordinator.auth)
      .send({ address: { street: '500 Main St', zip: '85001', movedAt: '2026-11-20T15:00:00Z' } })
      .expect(200);
    const after = await deadlinesOf(caseId);
    rules = Object.fromEntries(after.deadlines.map((d) => [d.ruleId, d]));
    // Arizona's age limit is 18: the 18th birthday is Mon 2028-06-05, so Fri 2028-06-02.
    expect(rules.sijs_state_court_order.dueDate).toBe('2028-06-02');
    expect(rules.sijs_i360_petition.dueDate).toBe('2031-06-04');
    // EOIR-33: five days after the move (Fri 2026-11-20 at the NYC court) is Wed 2026-11-25.
    expect(rules.eoir33_change_of_address).toMatchObject({ dueDate: '2026-11-25', actor: 'family' });
    expect(rules.eoir33_change_of_address.triggerRef).toMatch(/^address_change:/);
  });

  it('explains rules that give no date, e.g. the one-year asylum exemption of an unaccompanied child', async () => {
    const { caseId } = await createCase(t, coordinator, { caseType: 'asylum' });
    const { notices, deadlines } = await deadlinesOf(caseId);
    expect(notices).toContainEqual(expect.objectContaining({ ruleId: 'asylum_one_year', kind: 'exempt' }));
    expect(deadlines.map((d) => d.ruleId)).not.toContain('asylum_one_year');
    const noCourt = await createCase(t, coordinator, { courtCode: null });
    const fallback = await deadlinesOf(noCourt.caseId);
    expect(fallback).toMatchObject({ courtCode: null, timeZone: 'America/New_York' });
    expect(fallback.notices).toContainEqual(expect.objectContaining({ kind: 'zone_fallback' }));
  });

  it('takes deadlines set by hand, which can replace a computed one', async () => {
    const { caseId } = await createCase(t, coordinator);
    await schedule(caseId, { hearingType: 'master', localDate: '2027-03-03', localTime: '09:00' });
    const [computed] = await byRule(caseId, 'filing_before_master_hearing');
    const res = await t
      .http()
      .post(`/cases/${caseId}/deadlines`)
      .set(coordinator.auth)
      .send({
        title: 'Evidence ordered by the IJ',
        dueOn: '2027-07-04',
        replacesDeadlineId: computed.id,
        note: 'set at master',
      })
      .expect(201);
    // Sunday 2027-07-04; Monday the 5th is Independence Day observed.
    expect(res.body).toMatchObject({
      origin: 'manual',
      ruleId: 'manual',
      dueDate: '2027-07-06',
      remindBy: '2027-07-02',
      actor: 'counsel',
      status: 'open',
    });
    const after = await deadlinesOf(caseId, coordinator, '?includeSuperseded=true');
    expect(after.deadlines.find((d) => d.id === computed.id)).toMatchObject({ status: 'superseded' });
    expect(after.notices).toContainEqual(
      expect.objectContaining({ kind: 'overridden_by_manual', key: computed.key }),
    );

    const moved = await t
      .http()
      .patch(`/deadlines/${res.body.id}`)
      .set(coordinator.auth)
      .send({ dueOn: '2027-07-09' })
      .expect(200);
    expect(moved.body).toMatchObject({ dueDate: '2027-07-09', id: res.body.id });

    const before = await counts(db, ['deadlines']);
    for (const [body, code] of [
      [{ title: 'x', dueOn: '2027-02-30' }, 'invalid_date'],
      [{ title: 'x', dueOn: '2027-03-01', replacesDeadlineId: res.body.id }, 'invalid_replacement'],
      [{ title: '', dueOn: '2027-03-01' }, 'validation_failed'],
      [{ title: 'x', dueOn: '2027-03-01', actor: 'judge' }, 'validation_failed'],
    ] as const) {
      const bad = await t
        .http()
        .post(`/cases/${caseId}/deadlines`)
        .set(coordinator.auth)
        .send(body)
        .expect(400);
      expect(bad.body.code).toBe(code);
    }
    expect(await counts(db, ['deadlines'])).toEqual(before);
  });

  it('marks met or waived (with a note); a computed date cannot be edited; met stays met when the trigger moves', async () => {
    const { caseId } = await createCase(t, coordinator);
    const hearing = await schedule(caseId, {
      hearingType: 'master',
      localDate: '2027-03-03',
      localTime: '09:00',
    });
    const [deadline] = await byRule(caseId, 'filing_before_master_hearing');
    const computed = await t
      .http()
      .patch(`/deadlines/${deadline.id}`)
      .set(coordinator.auth)
      .send({ dueOn: '2027-02-20' })
      .expect(409);
    expect(computed.body.code).toBe('computed_deadline');
    const noNote = await t
      .http()
      .patch(`/deadlines/${deadline.id}`)
      .set(coordinator.auth)
      .send({ status: 'waived' })
      .expect(400);
    expect(noNote.body.code).toBe('note_required');
    await t
      .http()
      .patch(`/deadlines/${deadline.id}`)
      .set(coordinator.auth)
      .send({ status: 'missed' })
      .expect(400);
    const met = await t
      .http()
      .patch(`/deadlines/${deadline.id}`)
      .set(coordinator.auth)
      .send({ status: 'met', note: 'Filed via ECAS' })
      .expect(200);
    expect(met.body).toMatchObject({ status: 'met', statusNote: 'Filed via ECAS' });
    expect(met.body.statusChangedAt).toBeTruthy();
    await t
      .http()
      .patch(`/hearings/${hearing.body.id}`)
      .set(coordinator.auth)
      .send({ localDate: '2027-03-17' })
      .expect(200);
    expect((await byRule(caseId, 'filing_before_master_hearing'))[0]).toMatchObject({
      status: 'met',
      dueDate: '2027-03-02',
    });
    await t
      .http()
      .post(`/hearings/${hearing.body.id}/cancel`)
      .set(coordinator.auth)
      .send({ reason: 'vacated' })
      .expect(200);
    expect((await byRule(caseId, 'filing_before_master_hearing'))[0]).toMatchObject({ status: 'met' });
  });

  it('supersedes open deadlines when the case closes and brings them back when it reopens', async () => {
    const { caseId } = await createCase(t, coordinator);
    await schedule(caseId, { hearingType: 'master', localDate: '2027-03-03', localTime: '09:00' });
    await t
      .http()
      .post(`/cases/${caseId}/status`)
      .set(coordinator.auth)
      .send({ status: 'closed', reason: 'moved abroad' })
      .expect(200);
    expect((await byRule(caseId, 'filing_before_master_hearing'))[0]).toMatchObject({
      status: 'superseded',
      statusNote: 'The case was closed.',
    });
    await t
      .http()
      .post(`/cases/${caseId}/status`)
      .set(coordinator.auth)
      .send({ status: 'intake' })
      .expect(200);
    expect((await byRule(caseId, 'filing_before_master_hearing'))[0]).toMatchObject({
      status: 'open',
      dueDate: '2027-02-16',
    });
  });

  it('marks deadlines whose date has passed at their court as missed, once, by one process', async () => {
    const { caseId } = await createCase(t, coordinator);
    await t
      .http()
      .post(`/cases/${caseId}/decisions`)
      .set(coordinator.auth)
      .send({ kind: 'ij_decision', decidedOn: '2026-10-15' })
      .expect(201);
    await schedule(caseId, { hearingType: 'master', localDate: '2027-03-03', localTime: '09:00' });
    const closed = await createCase(t, coordinator);
    await t
      .http()
      .post(`/cases/${closed.caseId}/decisions`)
      .set(coordinator.auth)
      .send({ kind: 'ij_decision', decidedOn: '2026-10-15' })
      .expect(201);
    await t
      .http()
      .post(`/cases/${closed.caseId}/status`)
      .set(coordinator.auth)
      .send({ status: 'closed', reason: 'relief granted' })
      .expect(200);

    const sweeper = t.app.get(DeadlineSweeper);
    const [a, b] = await Promise.all([sweeper.tick(), sweeper.tick()]);
    const marked = [...a, ...b];
    const [bia] = await byRule(caseId, 'bia_appeal');
    expect(marked).toContain(bia.id);
    expect(new Set(marked).size).toBe(marked.length);
    expect(bia).toMatchObject({ status: 'missed', dueDate: '2026-11-16' });
    expect(bia.statusNote).toContain('2026-11-16');
    expect((await byRule(caseId, 'filing_before_master_hearing'))[0].status).toBe('open');
    // The closed case's deadline was superseded on closing, not missed.
    expect((await byRule(closed.caseId, 'bia_appeal'))[0].status).toBe('superseded');
    expect(await sweeper.tick()).toEqual([]);
    const audit = (await db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'deadline.missed' AND entity_id = $1`,
      [bia.id],
    )) as {
      n: number;
    }[];
    expect(audit[0].n).toBe(1);
  });

  it('lists deadlines across cases by role and filters by due date and status', async () => {
    const mine = await createCase(t, coordinator);
    const hearing = await schedule(mine.caseId, {
      hearingType: 'master',
      localDate: '2027-08-04',
      localTime: '09:00',
    });
    const query = { due_before: '2027-07-31', due_after: '2027-07-01', caseId: mine.caseId };
    const found = await t.http().get('/deadlines').query(query).set(coordinator.auth).expect(200);
    expect(found.body.items.map((d: DeadlineBody) => d.dueDate)).toEqual(['2027-07-20']);
    const none = await t
      .http()
      .get('/deadlines')
      .query({ ...query, status: 'met,waived' })
      .set(coordinator.auth)
      .expect(200);
    expect(none.body.total).toBe(0);
    await t.http().get('/deadlines').query({ due_before: '2027-13-01' }).set(coordinator.auth).expect(400);
    await t.http().get('/deadlines').query({ status: 'late' }).set(coordinator.auth).expect(400);

    const other = await t.login('coordinator');
    const theirs = await t
      .http()
      .get('/deadlines')
      .query({ caseId: mine.caseId })
      .set(other.auth)
      .expect(200);
    expect(theirs.body.total).toBe(0);
    const id = found.body.items[0].id;
    await t.http().get(`/deadlines/${id}`).set(other.auth).expect(404);
    await t.http().patch(`/deadlines/${id}`).set(other.auth).send({ status: 'met' }).expect(404);
    await t.http().get(`/cases/${mine.caseId}/deadlines`).set(other.auth).expect(404);
    await t
      .http()
      .post(`/cases/${mine.caseId}/deadlines`)
      .set(other.auth)
      .send({ title: 'x', dueOn: '2027-03-01' })
      .expect(404);

    const attorney = await createAttorney(t, coordinator);
    await t.http().get(`/cases/${mine.caseId}/deadlines`).set(attorney.auth).expect(404);
    expect((await t.http().get('/deadlines').set(attorney.auth).expect(200)).body.total).toBe(0);
    await assign(db, mine.caseId, attorney.attorneyId);
    const own = await t.http().get('/deadlines').set(attorney.auth).expect(200);
    expect(own.body.items.map((d: DeadlineBody) => d.triggerRef)).toContain(`hearing:${hearing.body.id}`);
    expect(new Set(own.body.items.map((d: { caseId: string }) => d.caseId))).toEqual(new Set([mine.caseId]));
    await t
      .http()
      .patch(`/deadlines/${id}`)
      .set(attorney.auth)
      .send({ status: 'met', note: 'Filed' })
      .expect(200);

    const admin = await t.login('admin');
    const all = await t.http().get('/deadlines').query({ status: 'met' }).set(admin.auth).expect(200);
    expect(all.body.items.map((d: DeadlineBody) => d.id)).toContain(id);
  });

  it('gives each case its next hearing and nearest open deadline, as the urgency view does', async () => {
    const { caseId } = await createCase(t, coordinator);
    const empty = await t.http().get(`/cases/${caseId}/next-events`).set(coordinator.auth).expect(200);
    expect(empty.body).toEqual({ caseId, nextHearing: null, nextDeadline: null });
    const later = await schedule(caseId, {
      hearingType: 'master',
      localDate: '2027-09-14',
      localTime: '09:00',
    });
    const sooner = await schedule(caseId, {
      hearingType: 'master',
      locationCourtCode: 'HON',
      localDate: '2027-08-10',
      localTime: '08:00',
    });
    await schedule(caseId, { hearingType: 'master', localDate: '2026-10-01', localTime: '09:00' });
    await t
      .http()
      .post(`/hearings/${sooner.body.id}/cancel`)
      .set(coordinator.auth)
      .send({ reason: 'vacated' })
      .expect(200);
    const res = await t.http().get(`/cases/${caseId}/next-events`).set(coordinator.auth).expect(200);
    expect(res.body.nextHearing).toMatchObject({
      id: later.body.id,
      startsAt: '2027-09-14T13:00:00.000Z',
      local: { date: '2027-09-14' },
    });
    expect(res.body.nextHearing.daysAway).toBeGreaterThan(0);
    const [view] = (await db.query(
      `SELECT next_hearing_at, next_deadline_on::text AS next_deadline_on FROM case_next_events WHERE case_id = $1`,
      [caseId],
    )) as { next_hearing_at: Date; next_deadline_on: string }[];
    expect(view.next_hearing_at.toISOString()).toBe(res.body.nextHearing.startsAt);
    expect(res.body.nextDeadline).toMatchObject({ dueDate: view.next_deadline_on });
    // Only hearings still ahead get a filing deadline: 15 days before 2027-09-14.
    expect(view.next_deadline_on).toBe('2027-08-30');
  });
});
