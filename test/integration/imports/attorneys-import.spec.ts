import { DataSource } from 'typeorm';
import { startTestApp, Session, TestApp, TEST_PASSWORD } from '../../support/test-app';
import { ATTORNEY_HEADER, attorneyRow, Row, toCsv } from './fixtures';

describe('CSV import of attorneys', () => {
  let t: TestApp;
  let coordinator: Session;
  let db: DataSource;
  const post = (session: Session, rows: Row[], query = '') =>
    t
      .http()
      .post(`/imports/attorneys${query}`)
      .set(session.auth)
      .attach('file', Buffer.from(toCsv(rows, ATTORNEY_HEADER)), {
        filename: 'attorneys.csv',
        contentType: 'text/csv',
      });

  beforeAll(async () => {
    t = await startTestApp();
    coordinator = await t.login('coordinator');
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('creates accounts and profiles linked to the organization, refusing bad rows with their column', async () => {
    const good = attorneyRow({ languages: 'eng:native;spa:fluent;quc:conversational' });
    const remote = attorneyRow({ office_street: '', office_zip: '', remote_ok: 'yes', bar_admissions: 'ca' });
    const bad: Array<[string, Row]> = [
      ['email', { email: 'not-an-email' }],
      ['display_name', { display_name: '' }],
      ['languages', { languages: 'spa:fluent;xyz:native' }],
      ['languages', { languages: 'spa:fluent;spa:native' }],
      ['languages', { languages: 'spa:expert' }],
      ['languages', { languages: 'spa' }],
      ['practice_areas', { practice_areas: 'removal_defense;divorce' }],
      ['bar_admissions', { bar_admissions: 'New York' }],
      ['office_zip', { office_zip: '00000' }],
      ['office_zip', { office_zip: '', office_street: '', remote_ok: 'no' }],
      ['capacity', { capacity: 'three' }],
      ['capacity', { capacity: '500' }],
      ['travel_radius_miles', { travel_radius_miles: '12.5' }],
      ['remote_ok', { remote_ok: 'sometimes' }],
      ['phone', { phone: 'call me' }],
    ];
    const rows = [good, ...bad.map(([, o]) => attorneyRow(o)), remote];
    const res = await post(coordinator, rows).expect(200);
    expect(res.body).toMatchObject({ total: rows.length, created: 2, updated: 0, failed: bad.length });
    bad.forEach(([field], i) => {
      expect({
        row: 3 + i,
        fields: res.body.errors
          .filter((e: { row: number }) => e.row === 3 + i)
          .map((e: { field: string }) => e.field),
      }).toEqual({
        row: 3 + i,
        fields: expect.arrayContaining([field]),
      });
    });

    const list = await t.http().get('/attorneys').query({ limit: 50 }).set(coordinator.auth).expect(200);
    const mine = list.body.items.find((a: { email: string }) => a.email === good.email);
    expect(mine).toMatchObject({
      displayName: 'María López',
      barAdmissions: ['NY', 'NJ'],
      languages: [
        { code: 'eng', proficiency: 'native' },
        { code: 'spa', proficiency: 'fluent' },
        { code: 'quc', proficiency: 'conversational' },
      ],
      practiceAreas: ['removal_defense', 'sijs'],
      office: { street: '1 Centre St', zip: '10007', state: 'NY' },
      travelRadiusMiles: 30,
      remoteOk: false,
      capacity: 3,
      phone: '+12125550100',
      organizationIds: [coordinator.organizationId],
    });
    expect(list.body.items.find((a: { email: string }) => a.email === remote.email)).toMatchObject({
      remoteOk: true,
      office: null,
      barAdmissions: ['CA'],
    });
    // The new account has no password anyone knows.
    await t.http().post('/auth/login').send({ email: good.email, password: TEST_PASSWORD }).expect(401);
    const audits = (await db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'attorney.import' AND details->>'importId' = $1`,
      [res.body.id],
    )) as { n: number }[];
    expect(audits[0].n).toBe(2);
  });

  it('re-importing updates by e-mail (any case), keeps blank cells, and never duplicates accounts', async () => {
    const o = await t.login('coordinator');
    const rows = [attorneyRow(), attorneyRow()];
    expect((await post(o, rows).expect(200)).body).toMatchObject({ created: 2, updated: 0 });
    expect((await post(o, rows).expect(200)).body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const changed = [
      {
        ...rows[0],
        email: rows[0].email.toUpperCase(),
        capacity: '5',
        languages: 'eng:native;mam:fluent',
        phone: '',
      },
      { ...rows[1], office_zip: '77002', office_street: '' },
    ];
    expect((await post(o, changed).expect(200)).body).toMatchObject({
      created: 0,
      updated: 2,
      unchanged: 0,
      failed: 0,
    });
    const users = (await db.query(`SELECT count(*)::int AS n FROM users WHERE email = ANY($1::citext[])`, [
      rows.map((r) => r.email),
    ])) as {
      n: number;
    }[];
    expect(users[0].n).toBe(2);
    const list = await t.http().get('/attorneys').query({ limit: 50 }).set(o.auth).expect(200);
    const byEmail = new Map(list.body.items.map((a: { email: string }) => [a.email.toLowerCase(), a]));
    expect(byEmail.get(rows[0].email)).toMatchObject({
      capacity: 5,
      phone: '+12125550100',
      languages: [{ code: 'eng' }, { code: 'mam', proficiency: 'fluent' }],
    });
    expect(byEmail.get(rows[1].email)).toMatchObject({ office: { zip: '77002', state: 'TX', street: null } });
  });

  it('refuses rows that would take over accounts: another role, or an attorney of another organization', async () => {
    const a = await t.login('coordinator');
    const b = await t.login('coordinator');
    const shared = attorneyRow();
    expect((await post(a, [shared]).expect(200)).body).toMatchObject({ created: 1 });
    const res = await post(b, [{ ...shared, capacity: '9' }, attorneyRow({ email: b.email })]).expect(200);
    expect(res.body).toMatchObject({ created: 0, updated: 0, failed: 2 });
    expect(res.body.errors).toEqual([
      {
        row: 2,
        field: 'email',
        message: `${shared.email} volunteers with another organization: an admin can add them to yours`,
      },
      { row: 3, field: 'email', message: `${b.email} belongs to a coordinator account, not an attorney` },
    ]);
    // An admin may add the attorney to a second organization.
    const admin = await t.login('admin');
    const added = await post(admin, [shared], `?organizationId=${b.organizationId}`).expect(200);
    expect(added.body).toMatchObject({ updated: 1 });
    const seenByB = await t.http().get('/attorneys').set(b.auth).expect(200);
    expect(seenByB.body.items.map((x: { email: string }) => x.email)).toContain(shared.email);
  });
});
