import { DataSource } from 'typeorm';
import { startTestApp, Session, TestApp } from '../../support/test-app';
import { childBody } from '../../support/intake-fixtures';

describe('children and sponsors', () => {
  let t: TestApp;
  let coordinator: Session;
  let db: DataSource;
  const count = async (table: string) =>
    ((await db.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0].n;

  beforeAll(async () => {
    t = await startTestApp();
    coordinator = await t.login('coordinator');
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('takes a child in with the sponsor, normalizing A-number and phones and placing the ZIP offline', async () => {
    const res = await t
      .http()
      .post('/children')
      .set(coordinator.auth)
      .send(childBody({ aNumber: 'a 012-345-678' }))
      .expect(201);
    expect(res.body).toMatchObject({
      organizationId: coordinator.organizationId,
      aNumber: 'A-012-345-678',
      aNumberMasked: 'A-XXX-XXX-678',
      primaryLanguage: 'quc',
      otherLanguages: ['spa'],
      phone: '+17185550142',
      address: {
        street: '41-12 Junction Blvd Apt 3',
        zip: '11368',
        state: 'NY',
        county: 'Queens',
        timeZone: 'America/New_York',
      },
      reminders: { channels: ['email'], consent: true },
      sponsor: {
        firstName: 'Rosa',
        relationshipCategory: 2,
        phone: '+17185550199',
        preferredLanguage: 'spa',
      },
    });
    expect(res.body.address.latitude).toBeCloseTo(40.75, 1);
    expect(res.body.age).toBe(16);
    const history = await t
      .http()
      .get(`/children/${res.body.id}/addresses`)
      .set(coordinator.auth)
      .expect(200);
    expect(history.body).toHaveLength(1);
  });

  it.each([
    ['aNumber', { aNumber: 'A-12' }],
    ['dateOfBirth', { dateOfBirth: '2031-01-01' }],
    ['dateOfBirth', { dateOfBirth: '2010-02-30' }],
    ['dateOfBirth', { dateOfBirth: '1999-05-05' }],
    ['dateOfBirth', { dateOfBirth: '17/04/2010' }],
    ['releaseDate', { releaseDate: '2009-01-01' }],
    ['countryOfBirth', { countryOfBirth: 'Guatemala' }],
    ['primaryLanguage', { primaryLanguage: 'xyz' }],
    ['primaryLanguage', { primaryLanguage: 'Spanish' }],
    ['otherLanguages.0', { otherLanguages: ['zzz'] }],
    ['address.zip', { address: { zip: '00000' } }],
    ['address.zip', { address: { zip: 'ABCDE' } }],
    ['phone', { phone: '12345' }],
    ['email', { email: 'not-an-email' }],
    ['reminderChannels', { email: undefined }],
    ['reminderChannels', { reminderChannels: ['pigeon'] }],
    [
      'sponsor.relationshipCategory',
      { sponsor: { ...(childBody().sponsor as object), relationshipCategory: 4 } },
    ],
    ['sponsor.phone', { sponsor: { ...(childBody().sponsor as object), phone: 'call me' } }],
    ['sponsor.address.zip', { sponsor: { ...(childBody().sponsor as object), address: { zip: '99999' } } }],
    ['favoriteColor', { favoriteColor: 'blue' }],
  ])('refuses a bad %s with a clear 400 and writes nothing', async (field, override) => {
    const before = [await count('children'), await count('sponsors'), await count('child_addresses')];
    const res = await t.http().post('/children').set(coordinator.auth).send(childBody(override)).expect(400);
    expect(['validation_failed', 'invalid_intake']).toContain(res.body.code);
    expect((res.body.details as { field: string }[]).map((d) => d.field)).toContain(field);
    expect(res.body.message).toContain(field);
    expect([await count('children'), await count('sponsors'), await count('child_addresses')]).toEqual(
      before,
    );
  });

  it('keeps A-numbers unique per organization, whatever the spelling', async () => {
    await t
      .http()
      .post('/children')
      .set(coordinator.auth)
      .send(childBody({ aNumber: 'A200300400' }))
      .expect(201);
    const dup = await t
      .http()
      .post('/children')
      .set(coordinator.auth)
      .send(childBody({ aNumber: '200-300-400' }))
      .expect(409);
    expect(dup.body.code).toBe('a_number_exists');
    expect(JSON.stringify(dup.body)).not.toContain('200300400');
    const other = await t.login('coordinator');
    await t
      .http()
      .post('/children')
      .set(other.auth)
      .send(childBody({ aNumber: 'A200300400' }))
      .expect(201);
  });

  it('finds a child by A-number in any spelling and masks A-numbers in lists', async () => {
    const created = await t
      .http()
      .post('/children')
      .set(coordinator.auth)
      .send(childBody({ aNumber: '301-402-503' }))
      .expect(201);
    const found = await t
      .http()
      .get('/children')
      .query({ aNumber: 'A 301 402 503' })
      .set(coordinator.auth)
      .expect(200);
    expect(found.body.total).toBe(1);
    expect(found.body.items[0]).toMatchObject({ id: created.body.id, aNumberMasked: 'A-XXX-XXX-503' });
    expect(JSON.stringify(found.body)).not.toMatch(/301.?402.?503/);
    await t.http().get('/children').query({ aNumber: '12' }).set(coordinator.auth).expect(400);
  });

  it('lists with filters, sorting and pagination', async () => {
    const o = await t.login('coordinator');
    for (const [name, lang, zip] of [
      ['Zoila', 'mam', '77036'],
      ['Bety', 'spa', '77036'],
      ['Carlos', 'quc', '10001'],
    ]) {
      await t
        .http()
        .post('/children')
        .set(o.auth)
        .send(childBody({ firstName: name, primaryLanguage: lang, otherLanguages: [], address: { zip } }))
        .expect(201);
    }
    const tx = await t.http().get('/children?state=TX&sort=lastName&limit=1').set(o.auth).expect(200);
    expect(tx.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
    const mam = await t.http().get('/children?language=mam').set(o.auth).expect(200);
    expect(mam.body.items.map((c: { firstName: string }) => c.firstName)).toEqual(['Zoila']);
    const named = await t.http().get('/children?name=carl').set(o.auth).expect(200);
    expect(named.body.total).toBe(1);
    await t.http().get('/children?sort=aNumber').set(o.auth).expect(400);
  });

  it('records a move in the address history and corrects a date of birth', async () => {
    const created = await t.http().post('/children').set(coordinator.auth).send(childBody()).expect(201);
    const id = created.body.id;
    const moved = await t
      .http()
      .patch(`/children/${id}`)
      .set(coordinator.auth)
      .send({
        address: { street: '500 Main St', zip: '85001', movedAt: '2026-11-20T15:00:00Z' },
        dateOfBirth: '2011-01-02',
      })
      .expect(200);
    expect(moved.body).toMatchObject({
      dateOfBirth: '2011-01-02',
      address: { state: 'AZ', timeZone: 'America/Phoenix', street: '500 Main St' },
    });
    const history = await t.http().get(`/children/${id}/addresses`).set(coordinator.auth).expect(200);
    expect(history.body.map((a: { zip: string }) => a.zip)).toEqual(['85001', '11368']);
    const bad = await t
      .http()
      .patch(`/children/${id}`)
      .set(coordinator.auth)
      .send({ releaseDate: '2005-01-01' })
      .expect(400);
    expect(bad.body.code).toBe('invalid_intake');
  });

  it('reads and replaces the sponsor', async () => {
    const created = await t
      .http()
      .post('/children')
      .set(coordinator.auth)
      .send(childBody({ sponsor: undefined }))
      .expect(201);
    expect(created.body.sponsor).toBeNull();
    await t.http().get(`/children/${created.body.id}/sponsor`).set(coordinator.auth).expect(404);
    const put = await t
      .http()
      .put(`/children/${created.body.id}/sponsor`)
      .set(coordinator.auth)
      .send({
        firstName: 'Luis',
        lastName: 'Pérez',
        relationshipCategory: 1,
        phone: '+1 212 555 0100',
        preferredLanguage: 'spa',
      })
      .expect(200);
    expect(put.body).toMatchObject({ firstName: 'Luis', relationshipCategory: 1, phone: '+12125550100' });
    const read = await t.http().get(`/children/${created.body.id}/sponsor`).set(coordinator.auth).expect(200);
    expect(read.body.lastName).toBe('Pérez');
  });

  it('lets an admin take a child in for a named organization, and requires naming one', async () => {
    const admin = await t.login('admin');
    const res = await t.http().post('/children').set(admin.auth).send(childBody()).expect(404);
    expect(res.body.code).toBe('organization_required');
    await t
      .http()
      .post('/children')
      .set(admin.auth)
      .send(childBody({ organizationId: coordinator.organizationId }))
      .expect(201);
  });
});
