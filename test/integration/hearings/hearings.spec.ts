import { DataSource } from 'typeorm';
import { Session, startTestApp, TestApp } from '../../support/test-app';
import { assign, counts, createAttorney, createCase } from './support';

const WRITE_TABLES = ['hearings', 'hearing_changes', 'deadlines', 'case_decisions', 'audit_events'];

describe('hearings', () => {
  let t: TestApp;
  let db: DataSource;
  let coordinator: Session;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    coordinator = await t.login('coordinator');
    ({ caseId } = await createCase(t, coordinator));
  });
  afterAll(() => t.close());

  const schedule = (body: Record<string, unknown>, id = caseId, session = coordinator) =>
    t.http().post(`/cases/${id}/hearings`).set(session.auth).send(body);

  it('schedules a hearing from a local time at the court and shows it in the court’s zone', async () => {
    const res = await schedule({ hearingType: 'master', localDate: '2027-03-03', localTime: '09:00' }).expect(
      201,
    );
    expect(res.body).toMatchObject({
      caseId,
      hearingType: 'master',
      status: 'scheduled',
      version: 1,
      courtCode: 'NYC',
      locationCourtCode: 'NYC',
      court: { code: 'NYC', timeZone: 'America/New_York' },
      startsAt: '2027-03-03T14:00:00.000Z',
      local: {
        date: '2027-03-03',
        time: '09:00',
        timeZone: 'America/New_York',
        zoneName: 'Eastern Time',
        abbreviation: 'EST',
        utcOffset: '-05:00',
        display: 'Wed, Mar 3, 2027, 9:00 AM EST',
      },
      remote: false,
    });
    expect(res.body.warnings).toBeUndefined();
    const stored = (await db.query(`SELECT starts_at, time_zone FROM hearings WHERE id = $1`, [
      res.body.id,
    ])) as {
      starts_at: Date;
      time_zone: string;
    }[];
    expect(stored[0].starts_at.toISOString()).toBe('2027-03-03T14:00:00.000Z');
    expect(stored[0].time_zone).toBe('America/New_York');
    const read = await t.http().get(`/hearings/${res.body.id}`).set(coordinator.auth).expect(200);
    expect(read.body.local.display).toBe('Wed, Mar 3, 2027, 9:00 AM EST');
  });

  it.each([
    [
      'PHO',
      '2027-07-01',
      '09:00',
      '2027-07-01T16:00:00.000Z',
      'Thu, Jul 1, 2027, 9:00 AM MST',
      'America/Phoenix',
    ],
    [
      'PHO',
      '2027-01-05',
      '09:00',
      '2027-01-05T16:00:00.000Z',
      'Tue, Jan 5, 2027, 9:00 AM MST',
      'America/Phoenix',
    ],
    [
      'HON',
      '2027-07-01',
      '08:30',
      '2027-07-01T18:30:00.000Z',
      'Thu, Jul 1, 2027, 8:30 AM HST',
      'Pacific/Honolulu',
    ],
    [
      'SAJ',
      '2027-03-15',
      '10:00',
      '2027-03-15T14:00:00.000Z',
      'Mon, Mar 15, 2027, 10:00 AM AST',
      'America/Puerto_Rico',
    ],
    [
      'AGA',
      '2027-03-15',
      '09:00',
      '2027-03-14T23:00:00.000Z',
      'Mon, Mar 15, 2027, 9:00 AM ChST',
      'Pacific/Guam',
    ],
    [
      'NYC',
      '2027-07-01',
      '09:00',
      '2027-07-01T13:00:00.000Z',
      'Thu, Jul 1, 2027, 9:00 AM EDT',
      'America/New_York',
    ],
    [
      'CHI',
      '2026-11-01',
      '02:30',
      '2026-11-01T08:30:00.000Z',
      'Sun, Nov 1, 2026, 2:30 AM CST',
      'America/Chicago',
    ],
  ])(
    'reads %s %s %s in the location court’s zone',
    async (location, localDate, localTime, instant, display, zone) => {
      const res = await schedule({
        hearingType: 'master',
        locationCourtCode: location,
        localDate,
        localTime,
      }).expect(201);
      expect(res.body).toMatchObject({
        courtCode: 'NYC',
        locationCourtCode: location,
        startsAt: instant,
        local: { date: localDate, time: localTime, timeZone: zone, display },
      });
    },
  );

  it('accepts an instant with its offset instead of a local time', async () => {
    const res = await schedule({
      hearingType: 'individual',
      locationCourtCode: 'HON',
      startsAt: '2027-08-02T08:00:00-10:00',
    }).expect(201);
    expect(res.body.startsAt).toBe('2027-08-02T18:00:00.000Z');
    expect(res.body.local).toMatchObject({ date: '2027-08-02', time: '08:00', abbreviation: 'HST' });
  });

  it('refuses a local time skipped by the spring-forward change, and writes nothing', async () => {
    const before = await counts(db, WRITE_TABLES);
    const res = await schedule({ hearingType: 'master', localDate: '2026-03-08', localTime: '02:30' }).expect(
      400,
    );
    expect(res.body.code).toBe('nonexistent_local_time');
    expect(res.body.message).toContain('America/New_York');
    expect(await counts(db, WRITE_TABLES)).toEqual(before);
  });

  it('takes the earlier instant of an ambiguous fall-back time and says so; an offset picks the later one', async () => {
    const first = await schedule({
      hearingType: 'master',
      localDate: '2026-11-01',
      localTime: '01:30',
    }).expect(201);
    expect(first.body.startsAt).toBe('2026-11-01T05:30:00.000Z');
    expect(first.body.local).toMatchObject({ time: '01:30', abbreviation: 'EDT', utcOffset: '-04:00' });
    expect(first.body.warnings).toEqual([
      expect.objectContaining({
        code: 'ambiguous_local_time',
        chosen: '2026-11-01T05:30:00.000Z',
        alternative: '2026-11-01T06:30:00.000Z',
      }),
    ]);
    const second = await schedule({ hearingType: 'master', startsAt: '2026-11-01T01:30:00-05:00' }).expect(
      201,
    );
    expect(second.body.startsAt).toBe('2026-11-01T06:30:00.000Z');
    expect(second.body.local).toMatchObject({ date: '2026-11-01', time: '01:30', abbreviation: 'EST' });
    expect(second.body.warnings).toBeUndefined();
  });

  it.each([
    ['unknown_court', { courtCode: 'ZZZ', localDate: '2027-03-03', localTime: '09:00' }],
    ['unknown_court', { locationCourtCode: 'QQ9', localDate: '2027-03-03', localTime: '09:00' }],
    ['court_closed', { locationCourtCode: 'LOS', localDate: '2027-03-03', localTime: '09:00' }],
    ['invalid_date', { localDate: '2026-02-30', localTime: '09:00' }],
    ['validation_failed', { localDate: '2027-03-03', localTime: '25:00' }],
    ['validation_failed', { localDate: '03/03/2027', localTime: '09:00' }],
    ['start_time_required', {}],
    ['start_time_required', { localDate: '2027-03-03' }],
    [
      'conflicting_start_time',
      { localDate: '2027-03-03', localTime: '09:00', startsAt: '2027-03-03T14:00:00Z' },
    ],
    ['invalid_instant', { startsAt: '2027-03-03T09:00:00' }],
    ['invalid_instant', { startsAt: '2027-02-30T09:00:00Z' }],
    ['remote_details_required', { localDate: '2027-03-03', localTime: '09:00', remote: true }],
    [
      'validation_failed',
      { localDate: '2027-03-03', localTime: '09:00', remote: true, remoteLink: 'not a url' },
    ],
    ['validation_failed', { localDate: '2027-03-03', localTime: '09:00', room: '14' }],
    ['validation_failed', { localDate: '2027-03-03', localTime: '09:00', hearingType: 'trial' }],
  ])('refuses %s with a 400 and writes nothing', async (code, body) => {
    const before = await counts(db, WRITE_TABLES);
    const res = await schedule({ hearingType: 'master', ...body }).expect(400);
    expect(res.body.code).toBe(code);
    expect(await counts(db, WRITE_TABLES)).toEqual(before);
  });

  it('needs a court of filing when the case has none', async () => {
    const noCourt = await createCase(t, coordinator, { courtCode: null });
    const res = await schedule(
      { hearingType: 'master', localDate: '2027-03-03', localTime: '09:00' },
      noCourt.caseId,
    ).expect(400);
    expect(res.body.code).toBe('court_required');
    const ok = await schedule(
      { hearingType: 'master', courtCode: 'SAJ', localDate: '2027-03-03', localTime: '09:00' },
      noCourt.caseId,
    ).expect(201);
    expect(ok.body).toMatchObject({
      courtCode: 'SAJ',
      locationCourtCode: 'SAJ',
      startsAt: '2027-03-03T13:00:00.000Z',
    });
  });

  it('keeps remote details, separate filing and hearing courts', async () => {
    const res = await schedule({
      hearingType: 'individual',
      locationCourtCode: 'NYV',
      localDate: '2027-04-06',
      localTime: '13:00',
      remote: true,
      remoteLink: 'https://eoir.webex.com/meet/ij.example',
      remoteInstructions: 'Join 15 minutes early',
      locationNote: 'Courtroom 3',
    }).expect(201);
    expect(res.body).toMatchObject({
      courtCode: 'NYC',
      locationCourtCode: 'NYV',
      remote: true,
      remoteLink: 'https://eoir.webex.com/meet/ij.example',
      remoteInstructions: 'Join 15 minutes early',
      locationNote: 'Courtroom 3',
      local: { display: 'Tue, Apr 6, 2027, 1:00 PM EDT' },
    });
  });

  describe('changes', () => {
    let hearingId: string;

    beforeEach(async () => {
      const res = await schedule({
        hearingType: 'master',
        localDate: '2027-05-04',
        localTime: '09:00',
      }).expect(201);
      hearingId = res.body.id;
    });

    it('reschedules: bumps the version and keeps the history with previous, current and reason', async () => {
      const res = await t
        .http()
        .patch(`/hearings/${hearingId}`)
        .set(coordinator.auth)
        .send({ localDate: '2027-05-18', reason: 'New notice of hearing' })
        .expect(200);
      expect(res.body).toMatchObject({
        version: 2,
        startsAt: '2027-05-18T13:00:00.000Z',
        local: { time: '09:00' },
      });
      const moved = await t
        .http()
        .patch(`/hearings/${hearingId}`)
        .set(coordinator.auth)
        .send({ localTime: '13:30' })
        .expect(200);
      expect(moved.body).toMatchObject({ version: 3, startsAt: '2027-05-18T17:30:00.000Z' });
      const retyped = await t
        .http()
        .patch(`/hearings/${hearingId}`)
        .set(coordinator.auth)
        .send({ hearingType: 'individual' })
        .expect(200);
      expect(retyped.body).toMatchObject({ version: 3, hearingType: 'individual' });
      await t
        .http()
        .patch(`/hearings/${hearingId}`)
        .set(coordinator.auth)
        .send({ localTime: '13:30' })
        .expect(200);
      const remote = await t
        .http()
        .patch(`/hearings/${hearingId}`)
        .set(coordinator.auth)
        .send({ remote: true, remoteInstructions: 'Call 555-0100, code 1234' })
        .expect(200);
      expect(remote.body.version).toBe(4);

      const history = await t.http().get(`/hearings/${hearingId}/history`).set(coordinator.auth).expect(200);
      expect(history.body.map((h: { change: string; version: number }) => [h.change, h.version])).toEqual([
        ['created', 1],
        ['rescheduled', 2],
        ['rescheduled', 3],
        ['updated', 3],
        ['updated', 4],
      ]);
      expect(history.body[1]).toMatchObject({
        reason: 'New notice of hearing',
        actorUserId: coordinator.userId,
        previous: { startsAt: '2027-05-04T13:00:00.000Z', localDisplay: 'Tue, May 4, 2027, 9:00 AM EDT' },
        current: { startsAt: '2027-05-18T13:00:00.000Z', localDisplay: 'Tue, May 18, 2027, 9:00 AM EDT' },
      });
      expect(history.body[0].previous).toBeNull();
    });

    it('serializes concurrent reschedules: one version per change, one deadline row', async () => {
      const days = Array.from({ length: 8 }, (_, i) => `2027-06-${String(7 + i).padStart(2, '0')}`);
      const results = await Promise.all(
        days.map((localDate) =>
          t.http().patch(`/hearings/${hearingId}`).set(coordinator.auth).send({ localDate }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(days.map(() => 200));
      const history = await t.http().get(`/hearings/${hearingId}/history`).set(coordinator.auth).expect(200);
      expect(history.body.map((h: { version: number }) => h.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const final = await t.http().get(`/hearings/${hearingId}`).set(coordinator.auth).expect(200);
      expect(final.body.version).toBe(9);
      expect(history.body.at(-1).current.startsAt).toBe(final.body.startsAt);
      const rows = (await db.query(
        `SELECT status, due_date::text AS due FROM deadlines WHERE trigger_ref = $1`,
        [`hearing:${hearingId}`],
      )) as { status: string; due: string }[];
      expect(rows).toHaveLength(1);
      expect(rows[0].status).toBe('open');
    });

    it('refuses a stale expectedVersion with 409 and changes nothing', async () => {
      await t
        .http()
        .patch(`/hearings/${hearingId}`)
        .set(coordinator.auth)
        .send({ localTime: '10:00' })
        .expect(200);
      const before = await counts(db, WRITE_TABLES);
      const res = await t
        .http()
        .patch(`/hearings/${hearingId}`)
        .set(coordinator.auth)
        .send({ localTime: '11:00', expectedVersion: 1 })
        .expect(409);
      expect(res.body.code).toBe('version_conflict');
      expect(await counts(db, WRITE_TABLES)).toEqual(before);
    });

    it('refuses bad reschedules with a 400 and changes nothing', async () => {
      const before = await counts(db, WRITE_TABLES);
      for (const [body, code] of [
        [{ localDate: '2027-03-14', localTime: '02:15' }, 'nonexistent_local_time'],
        [{ localDate: '2027-02-29' }, 'invalid_date'],
        [{ locationCourtCode: 'XXX' }, 'unknown_court'],
        [{ remote: true }, 'remote_details_required'],
      ] as const) {
        const res = await t
          .http()
          .patch(`/hearings/${hearingId}`)
          .set(coordinator.auth)
          .send(body)
          .expect(400);
        expect(res.body.code).toBe(code);
      }
      expect(await counts(db, WRITE_TABLES)).toEqual(before);
      const read = await t.http().get(`/hearings/${hearingId}`).set(coordinator.auth).expect(200);
      expect(read.body).toMatchObject({ version: 1, startsAt: '2027-05-04T13:00:00.000Z' });
    });

    it('cancels with a reason; a cancelled hearing cannot be rescheduled, cancelled or given an outcome', async () => {
      const res = await t
        .http()
        .post(`/hearings/${hearingId}/cancel`)
        .set(coordinator.auth)
        .send({ reason: 'Case transferred' })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'cancelled', version: 1 });
      await t.http().post(`/hearings/${hearingId}/cancel`).set(coordinator.auth).send({}).expect(400);
      const before = await counts(db, WRITE_TABLES);
      const patch = await t
        .http()
        .patch(`/hearings/${hearingId}`)
        .set(coordinator.auth)
        .send({ localDate: '2027-06-01' })
        .expect(409);
      expect(patch.body.code).toBe('hearing_cancelled');
      const again = await t
        .http()
        .post(`/hearings/${hearingId}/cancel`)
        .set(coordinator.auth)
        .send({ reason: 'twice' })
        .expect(409);
      expect(again.body.code).toBe('hearing_cancelled');
      const outcome = await t
        .http()
        .post(`/hearings/${hearingId}/outcome`)
        .set(coordinator.auth)
        .send({ result: 'held' })
        .expect(409);
      expect(outcome.body.code).toBe('hearing_cancelled');
      expect(await counts(db, WRITE_TABLES)).toEqual(before);
      const history = await t.http().get(`/hearings/${hearingId}/history`).set(coordinator.auth).expect(200);
      expect(history.body.at(-1)).toMatchObject({
        change: 'cancelled',
        reason: 'Case transferred',
        current: { status: 'cancelled' },
      });
    });

    it('records an outcome only after the hearing', async () => {
      const res = await t
        .http()
        .post(`/hearings/${hearingId}/outcome`)
        .set(coordinator.auth)
        .send({ result: 'held' })
        .expect(409);
      expect(res.body.code).toBe('hearing_not_held_yet');
    });
  });

  describe('outcomes', () => {
    let pastId: string;

    beforeEach(async () => {
      const res = await schedule({
        hearingType: 'master',
        localDate: '2026-10-06',
        localTime: '09:00',
      }).expect(201);
      pastId = res.body.id;
    });

    it('continued: completes the hearing and schedules the next one with the same place', async () => {
      const res = await t
        .http()
        .post(`/hearings/${pastId}/outcome`)
        .set(coordinator.auth)
        .send({
          result: 'continued',
          note: 'Continued for attorney preparation',
          nextHearing: { localDate: '2027-02-09', localTime: '08:30' },
        })
        .expect(200);
      expect(res.body.hearing).toMatchObject({
        status: 'completed',
        outcome: { result: 'continued', nextHearingId: res.body.nextHearing.id },
      });
      expect(res.body.nextHearing).toMatchObject({
        status: 'scheduled',
        version: 1,
        hearingType: 'master',
        locationCourtCode: 'NYC',
        startsAt: '2027-02-09T13:30:00.000Z',
      });
      expect(res.body.decision).toBeNull();
      const patch = await t
        .http()
        .patch(`/hearings/${pastId}`)
        .set(coordinator.auth)
        .send({ localTime: '10:00' })
        .expect(409);
      expect(patch.body.code).toBe('hearing_completed');
      const nextHistory = await t
        .http()
        .get(`/hearings/${res.body.nextHearing.id}/history`)
        .set(coordinator.auth)
        .expect(200);
      expect(nextHistory.body[0]).toMatchObject({
        change: 'created',
        reason: `continued from hearing ${pastId}`,
      });
    });

    it('decided: stores the decision with its kind and date (the hearing date by default)', async () => {
      const res = await t
        .http()
        .post(`/hearings/${pastId}/outcome`)
        .set(coordinator.auth)
        .send({ result: 'decided', decision: { kind: 'in_absentia_order' } })
        .expect(200);
      expect(res.body.decision).toMatchObject({
        kind: 'in_absentia_order',
        decidedOn: '2026-10-06',
        hearingId: pastId,
        caseId,
      });
      const decisions = await t.http().get(`/cases/${caseId}/decisions`).set(coordinator.auth).expect(200);
      expect(decisions.body.map((d: { id: string }) => d.id)).toContain(res.body.decision.id);
    });

    it.each([
      ['next_hearing_required', { result: 'continued' }],
      ['decision_required', { result: 'decided' }],
      ['unexpected_decision', { result: 'held', decision: { kind: 'ij_decision' } }],
      [
        'decision_date_in_future',
        { result: 'decided', decision: { kind: 'ij_decision', decidedOn: '2031-01-02' } },
      ],
      [
        'decision_before_hearing',
        { result: 'decided', decision: { kind: 'ij_decision', decidedOn: '2026-10-05' } },
      ],
      ['invalid_date', { result: 'decided', decision: { kind: 'ij_decision', decidedOn: '2026-10-32' } }],
      [
        'next_hearing_not_later',
        { result: 'continued', nextHearing: { localDate: '2026-10-01', localTime: '09:00' } },
      ],
      [
        'nonexistent_local_time',
        { result: 'continued', nextHearing: { localDate: '2027-03-14', localTime: '02:00' } },
      ],
      ['validation_failed', { result: 'adjourned' }],
    ])('refuses %s and changes nothing', async (code, body) => {
      const before = await counts(db, WRITE_TABLES);
      const res = await t.http().post(`/hearings/${pastId}/outcome`).set(coordinator.auth).send(body);
      expect([400, 409]).toContain(res.status);
      expect(res.body.code).toBe(code);
      expect(await counts(db, WRITE_TABLES)).toEqual(before);
    });
  });

  describe('access', () => {
    let hearingId: string;

    beforeAll(async () => {
      const res = await schedule({
        hearingType: 'master',
        localDate: '2027-09-14',
        localTime: '09:00',
      }).expect(201);
      hearingId = res.body.id;
    });

    it('hides hearings of other organizations (404) from coordinators', async () => {
      const other = await t.login('coordinator');
      for (const path of [
        `/hearings/${hearingId}`,
        `/hearings/${hearingId}/history`,
        `/cases/${caseId}/hearings`,
      ]) {
        const res = await t.http().get(path).set(other.auth).expect(404);
        expect(['hearing_not_found', 'case_not_found']).toContain(res.body.code);
      }
      await t.http().patch(`/hearings/${hearingId}`).set(other.auth).send({ localTime: '10:00' }).expect(404);
      await t.http().post(`/hearings/${hearingId}/cancel`).set(other.auth).send({ reason: 'x' }).expect(404);
      await schedule(
        { hearingType: 'master', localDate: '2027-03-03', localTime: '09:00' },
        caseId,
        other,
      ).expect(404);
    });

    it('shows attorneys the hearings of their own matters only, read-only', async () => {
      const attorney = await createAttorney(t, coordinator);
      await t.http().get(`/hearings/${hearingId}`).set(attorney.auth).expect(404);
      await t.http().get(`/cases/${caseId}/hearings`).set(attorney.auth).expect(404);
      await assign(db, caseId, attorney.attorneyId);
      const list = await t.http().get(`/cases/${caseId}/hearings`).set(attorney.auth).expect(200);
      expect(list.body.map((h: { id: string }) => h.id)).toContain(hearingId);
      await t.http().get(`/hearings/${hearingId}/history`).set(attorney.auth).expect(200);
      const denied = await t
        .http()
        .patch(`/hearings/${hearingId}`)
        .set(attorney.auth)
        .send({ localTime: '10:00' })
        .expect(403);
      expect(denied.body.code).toBe('forbidden_role');
    });

    it('audits every write', async () => {
      const rows = (await db.query(
        `SELECT action FROM audit_events WHERE entity_type = 'hearing' AND entity_id = $1 ORDER BY id`,
        [hearingId],
      )) as { action: string }[];
      expect(rows.map((r) => r.action)).toEqual(['hearing.create']);
    });
  });
});
