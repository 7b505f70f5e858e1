import { startTestApp, Session, TestApp } from '../../support/test-app';
import { ATTORNEY_HEADER, attorneyRow, childRow, toCsv } from './fixtures';

describe('who may import, and see imports', () => {
  let t: TestApp;
  let mine: Session;
  let other: Session;
  let admin: Session;
  let attorney: Session;
  let importId: string;
  const csv = () => Buffer.from(toCsv([childRow()]));
  const post = (session: Session | undefined, path: string, body: Buffer, query = '') => {
    const req = t.http().post(`${path}${query}`);
    if (session) req.set(session.auth);
    return req.attach('file', body, { filename: 'x.csv', contentType: 'text/csv' });
  };

  beforeAll(async () => {
    t = await startTestApp();
    [mine, other, admin, attorney] = [
      await t.login('coordinator'),
      await t.login('coordinator'),
      await t.login('admin'),
      await t.login('attorney'),
    ];
    importId = (await post(mine, '/imports/children', csv()).expect(200)).body.id;
  });
  afterAll(() => t.close());

  it('lets no attorney or anonymous caller import or read imports', async () => {
    for (const path of ['/imports/children', '/imports/attorneys']) {
      expect((await post(attorney, path, csv()).expect(403)).body.code).toBe('forbidden_role');
      await post(undefined, path, csv()).expect(401);
    }
    await t.http().get('/imports').set(attorney.auth).expect(403);
    await t.http().get(`/imports/${importId}`).set(attorney.auth).expect(403);
    await t.http().get(`/imports/${importId}`).expect(401);
  });

  it("keeps a coordinator out of another organization's imports and rows", async () => {
    await t.http().get(`/imports/${importId}`).set(other.auth).expect(404);
    const list = await t.http().get('/imports').set(other.auth).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(importId);
    const into = await post(
      other,
      '/imports/children',
      csv(),
      `?organizationId=${mine.organizationId}`,
    ).expect(404);
    expect(into.body.code).toBe('organization_not_found');
    await post(
      other,
      '/imports/attorneys',
      Buffer.from(toCsv([attorneyRow()], ATTORNEY_HEADER)),
      `?organizationId=${mine.organizationId}`,
    ).expect(404);
    await post(other, '/imports/children', csv(), `?organizationId=${mine.organizationId}&async=true`).expect(
      404,
    );
    // Their own organization, named explicitly, is fine.
    await post(other, '/imports/children', csv(), `?organizationId=${other.organizationId}`).expect(200);
  });

  it('lets an admin import into a named organization and read every import', async () => {
    expect((await post(admin, '/imports/children', csv()).expect(404)).body.code).toBe(
      'organization_required',
    );
    const res = await post(
      admin,
      '/imports/children',
      csv(),
      `?organizationId=${mine.organizationId}`,
    ).expect(200);
    expect(res.body).toMatchObject({ organizationId: mine.organizationId, created: 1 });
    await t.http().get(`/imports/${importId}`).set(admin.auth).expect(200);
    // The coordinator of that organization sees the admin's import too.
    await t.http().get(`/imports/${res.body.id}`).set(mine.auth).expect(200);
    await post(
      admin,
      '/imports/children',
      csv(),
      '?organizationId=00000000-0000-4000-8000-000000000000',
    ).expect(404);
    await t.http().get('/imports/not-a-uuid').set(admin.auth).expect(400);
  });

  it('refuses unknown query parameters', async () => {
    await post(mine, '/imports/children', csv(), '?mode=fast').expect(400);
  });
});
