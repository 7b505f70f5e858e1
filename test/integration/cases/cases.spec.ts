import { DataSource } from 'typeorm';
import { startTestApp, Session, TestApp } from '../../support/test-app';
import { childBody } from '../../support/intake-fixtures';

describe('cases', () => {
  let t: TestApp;
  let coordinator: Session;
  let childId: string;

  beforeAll(async () => {
    t = await startTestApp();
    coordinator = await t.login('coordinator');
    childId = (await t.http().post('/children').set(coordinator.auth).send(childBody()).expect(201)).body.id;
  });
  afterAll(() => t.close());

  const open = async (body: Record<string, unknown> = {}) =>
    (
      await t
        .http()
        .post('/cases')
        .set(coordinator.auth)
        .send({ childId, caseType: 'removal_defense', courtCode: 'NYC', ...body })
        .expect(201)
    ).body;
  const move = (id: string, status: string, reason?: string) =>
    t
      .http()
      .post(`/cases/${id}/status`)
      .set(coordinator.auth)
      .send(reason ? { status, reason } : { status });

  it('opens a case in intake with the continuity-of-care handoff record', async () => {
    const k = await open({
      handoff: {
        schoolEnrollment: 'enrolled in 9th grade',
        safetyFlags: ['trafficking_indicators'],
        health: 'asthma',
      },
      notes: 'referred by shelter',
    });
    expect(k).toMatchObject({
      status: 'intake',
      caseType: 'removal_defense',
      courtCode: 'NYC',
      attorneyId: null,
      organizationId: coordinator.organizationId,
    });
    expect(k.handoff).toEqual({
      schoolEnrollment: 'enrolled in 9th grade',
      safetyFlags: ['trafficking_indicators'],
      health: 'asthma',
    });
  });

  it('walks the allowed transitions and records each in the audit log', async () => {
    const k = await open();
    expect((await move(k.id, 'seeking_counsel').expect(200)).body.status).toBe('seeking_counsel');
    const closed = await move(k.id, 'closed', 'family moved abroad').expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'family moved abroad' });
    expect(closed.body.closedAt).not.toBeNull();
    const reopened = await move(k.id, 'intake').expect(200);
    expect(reopened.body).toMatchObject({ status: 'intake', closedAt: null, closeReason: null });
    const audit = (await t.app
      .get(DataSource)
      .query(`SELECT details FROM audit_events WHERE action = 'case.status' AND entity_id = $1 ORDER BY id`, [
        k.id,
      ])) as { details: { from: string; to: string } }[];
    expect(audit.map((a) => `${a.details.from}>${a.details.to}`)).toEqual([
      'intake>seeking_counsel',
      'seeking_counsel>closed',
      'closed>intake',
    ]);
  });

  it('refuses transitions outside the machine, and those that only offers make', async () => {
    const k = await open();
    expect((await move(k.id, 'represented').expect(409)).body.code).toBe('invalid_transition');
    expect((await move(k.id, 'intake').expect(409)).body.code).toBe('invalid_transition');
    await move(k.id, 'seeking_counsel').expect(200);
    expect((await move(k.id, 'offered').expect(409)).body.code).toBe('transition_by_offer_only');
    expect((await move(k.id, 'represented').expect(409)).body.code).toBe('transition_by_offer_only');
    expect((await move(k.id, 'closed').expect(400)).body.code).toBe('reason_required');
    expect((await t.http().get(`/cases/${k.id}`).set(coordinator.auth).expect(200)).body.status).toBe(
      'seeking_counsel',
    );
  });

  it('releasing counsel returns a represented case to seeking_counsel and frees the attorney’s slot', async () => {
    const k = await open();
    const db = t.app.get(DataSource);
    const atty = await t
      .http()
      .post('/attorneys')
      .set(coordinator.auth)
      .send({ email: 'slot@test.amparo', displayName: 'S', remoteOk: true, capacity: 1 })
      .expect(201);
    await db.query(`UPDATE cases SET status = 'represented', attorney_id = $2 WHERE id = $1`, [
      k.id,
      atty.body.id,
    ]);
    expect((await t.http().get(`/attorneys/${atty.body.id}`).set(coordinator.auth)).body.openMatters).toBe(1);
    // The database refuses a second represented case over capacity, whatever the application does.
    const k2 = await open();
    await expect(
      db.query(`UPDATE cases SET status = 'represented', attorney_id = $2 WHERE id = $1`, [
        k2.id,
        atty.body.id,
      ]),
    ).rejects.toThrow(/attorneys_within_capacity/);
    const released = await move(k.id, 'seeking_counsel', 'attorney withdrew').expect(200);
    expect(released.body).toMatchObject({ status: 'seeking_counsel', attorneyId: null });
    expect((await t.http().get(`/attorneys/${atty.body.id}`).set(coordinator.auth)).body.openMatters).toBe(0);
  });

  it('refuses an unknown court, an unknown child, and edits of a closed case', async () => {
    expect(
      (
        await t
          .http()
          .post('/cases')
          .set(coordinator.auth)
          .send({ childId, caseType: 'asylum', courtCode: 'ZZZ' })
          .expect(400)
      ).body.code,
    ).toBe('unknown_court');
    expect(
      (
        await t
          .http()
          .post('/cases')
          .set(coordinator.auth)
          .send({ childId: '00000000-0000-4000-8000-000000000000', caseType: 'asylum' })
          .expect(404)
      ).body.code,
    ).toBe('child_not_found');
    expect(
      (
        await t
          .http()
          .post('/cases')
          .set(coordinator.auth)
          .send({ childId, caseType: 'deportation' })
          .expect(400)
      ).body.code,
    ).toBe('validation_failed');
    const k = await open();
    await move(k.id, 'closed', 'duplicate').expect(200);
    expect(
      (await t.http().patch(`/cases/${k.id}`).set(coordinator.auth).send({ notes: 'x' }).expect(409)).body
        .code,
    ).toBe('case_closed');
  });

  it('filters and pages the case list', async () => {
    const o = await t.login('coordinator');
    const child = (await t.http().post('/children').set(o.auth).send(childBody()).expect(201)).body.id;
    for (const caseType of ['sijs', 'asylum', 'sijs'])
      await t.http().post('/cases').set(o.auth).send({ childId: child, caseType }).expect(201);
    const sijs = await t.http().get('/cases?caseType=sijs&limit=1').set(o.auth).expect(200);
    expect(sijs.body).toMatchObject({ total: 2, limit: 1 });
    expect(sijs.body.items).toHaveLength(1);
    const all = await t.http().get(`/cases?childId=${child}&status=intake`).set(o.auth).expect(200);
    expect(all.body.total).toBe(3);
  });
});
