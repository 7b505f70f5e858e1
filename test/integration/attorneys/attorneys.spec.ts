import { startTestApp, Session, TestApp } from '../../support/test-app';
import { attorneyBody } from '../../support/intake-fixtures';

describe('attorneys', () => {
  let t: TestApp;
  let coordinator: Session;

  beforeAll(async () => {
    t = await startTestApp();
    coordinator = await t.login('coordinator');
  });
  afterAll(() => t.close());

  it('creates an attorney with a login (generated password shown once) in the coordinator’s organization', async () => {
    const res = await t
      .http()
      .post('/attorneys')
      .set(coordinator.auth)
      .send(attorneyBody({ email: 'new.atty@test.amparo' }))
      .expect(201);
    expect(res.body).toMatchObject({
      email: 'new.atty@test.amparo',
      barAdmissions: ['NY'],
      practiceAreas: ['removal_defense', 'sijs'],
      office: { zip: '10007', state: 'NY', timeZone: 'America/New_York', street: '1 Centre St' },
      capacity: 3,
      openMatters: 0,
      active: true,
      organizationIds: [coordinator.organizationId],
    });
    expect(res.body.initialPassword).toMatch(/^.{12,}$/);
    const login = await t
      .http()
      .post('/auth/login')
      .send({ email: 'new.atty@test.amparo', password: res.body.initialPassword })
      .expect(200);
    expect(login.body.user.role).toBe('attorney');
    const me = await t
      .http()
      .get('/attorneys/me')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .expect(200);
    expect(me.body.id).toBe(res.body.id);
    expect(me.body.initialPassword).toBeUndefined();
  });

  it('lets attorneys set their own availability, languages and capacity — but not their bar admissions', async () => {
    const created = await t
      .http()
      .post('/attorneys')
      .set(coordinator.auth)
      .send(attorneyBody({ password: 'attorney password 1' }))
      .expect(201);
    const login = await t
      .http()
      .post('/auth/login')
      .send({ email: created.body.email, password: 'attorney password 1' })
      .expect(200);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    const paused = await t
      .http()
      .patch('/attorneys/me')
      .set(auth)
      .send({
        pausedUntil: '2027-01-15T00:00:00Z',
        capacity: 5,
        languages: [{ code: 'quc', proficiency: 'conversational' }],
      })
      .expect(200);
    expect(paused.body).toMatchObject({
      capacity: 5,
      languages: [{ code: 'quc', proficiency: 'conversational' }],
    });
    expect(new Date(paused.body.pausedUntil).toISOString()).toBe('2027-01-15T00:00:00.000Z');
    expect(
      (
        await t
          .http()
          .patch('/attorneys/me')
          .set(auth)
          .send({ barAdmissions: ['CA'] })
          .expect(400)
      ).body.code,
    ).toBe('validation_failed');
    expect(
      (await t.http().get('/attorneys?available=true&language=quc').set(coordinator.auth).expect(200)).body
        .total,
    ).toBe(0);
    await t.http().patch('/attorneys/me').set(auth).send({ pausedUntil: null }).expect(200);
    expect(
      (await t.http().get('/attorneys?available=true&language=quc').set(coordinator.auth).expect(200)).body
        .total,
    ).toBe(1);
  });

  it.each([
    [{ languages: [{ code: 'xyz', proficiency: 'native' }] }, 'invalid_attorney'],
    [{ languages: [{ code: 'spa', proficiency: 'some' }] }, 'validation_failed'],
    [{ office: { zip: '00000' } }, 'invalid_attorney'],
    [{ practiceAreas: ['tax'] }, 'validation_failed'],
    [{ capacity: -1 }, 'validation_failed'],
    [{ barAdmissions: ['New York'] }, 'validation_failed'],
    [{ office: undefined, remoteOk: false }, 'invalid_attorney'],
    [{ phone: 'not a phone' }, 'invalid_attorney'],
  ])('refuses %j with %s and creates no account', async (override, code) => {
    const email = `bad-${Math.random().toString(36).slice(2)}@test.amparo`;
    const res = await t
      .http()
      .post('/attorneys')
      .set(coordinator.auth)
      .send(attorneyBody({ ...override, email }))
      .expect(400);
    expect(res.body.code).toBe(code);
    const admin = await t.login('admin');
    const users = await t.http().get('/users').set(admin.auth).expect(200);
    expect((users.body as { email: string }[]).some((u) => u.email === email)).toBe(false);
  });

  it('refuses a duplicate e-mail and a capacity below open matters', async () => {
    const created = await t
      .http()
      .post('/attorneys')
      .set(coordinator.auth)
      .send(attorneyBody({ email: 'dup.atty@test.amparo' }))
      .expect(201);
    expect(
      (
        await t
          .http()
          .post('/attorneys')
          .set(coordinator.auth)
          .send(attorneyBody({ email: 'DUP.atty@test.amparo' }))
          .expect(409)
      ).body.code,
    ).toBe('email_taken');
    await t
      .http()
      .patch(`/attorneys/${created.body.id}`)
      .set(coordinator.auth)
      .send({ capacity: 0 })
      .expect(200);
  });

  it('shows coordinators only attorneys who volunteer with their organization', async () => {
    const other = await t.login('coordinator');
    const mine = await t.http().post('/attorneys').set(coordinator.auth).send(attorneyBody()).expect(201);
    const list = await t.http().get('/attorneys?limit=500').set(other.auth).expect(200);
    expect((list.body.items as { id: string }[]).some((a) => a.id === mine.body.id)).toBe(false);
    await t.http().get(`/attorneys/${mine.body.id}`).set(other.auth).expect(404);
    // An admin can add the attorney to the second organization too.
    const admin = await t.login('admin');
    await t
      .http()
      .patch(`/attorneys/${mine.body.id}`)
      .set(admin.auth)
      .send({ organizationIds: [coordinator.organizationId, other.organizationId] })
      .expect(200);
    await t.http().get(`/attorneys/${mine.body.id}`).set(other.auth).expect(200);
  });
});
