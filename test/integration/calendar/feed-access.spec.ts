import { DataSource } from 'typeorm';
import { Session, startTestApp, TestApp } from '../../support/test-app';
import { assign, createAttorney, createCase } from '../hearings/support';

/**
 * A calendar URL is a credential that outlives the session it was made in: it must end with its maker's access,
 * whichever way that access ends (issue 10, item 4).
 */
describe('calendar feeds end with their maker’s access', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_BASE_URL: 'https://amparo.test' } });
    db = t.app.get(DataSource);
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  const pathOf = (url: string) => new URL(url).pathname;

  /** A coordinator of a new organization with one hearing, and their organization's feed (serving it). */
  async function coordinatorFeed(): Promise<{ coordinator: Session; feed: string }> {
    const coordinator = await t.login('coordinator');
    const { caseId } = await createCase(t, coordinator, { child: { firstName: 'Rosa', lastName: 'Ixcot' } });
    await t
      .http()
      .post(`/cases/${caseId}/hearings`)
      .set(coordinator.auth)
      .send({ hearingType: 'master', localDate: '2027-03-03', localTime: '09:00' })
      .expect(201);
    const created = await t.http().post('/calendar/feeds').set(coordinator.auth).expect(201);
    const feed = pathOf(created.body.url as string);
    const before = await t.http().get(feed).expect(200);
    expect(before.text).toContain('Rosa I.');
    return { coordinator, feed };
  }

  async function expectDead(feed: string): Promise<void> {
    const unknown = await t
      .http()
      .get(`/calendar/${'x'.repeat(43)}.ics`)
      .expect(404);
    const res = await t.http().get(feed).expect(404);
    // Indistinguishable from a token that never existed.
    expect(res.body.code).toBe('calendar_feed_not_found');
    expect(res.body.message).toBe(unknown.body.message);
    expect(res.text).not.toContain('Rosa');
  }

  const patchUser = async (id: string, body: Record<string, unknown>) =>
    t.http().patch(`/users/${id}`).set(admin.auth).send(body).expect(200);

  const ENDINGS: [string, (c: Session) => Promise<unknown>][] = [
    ['disabled by an admin', (c) => patchUser(c.userId, { disabled: true })],
    [
      'moved to another organization',
      async (c) => patchUser(c.userId, { organizationId: await t.createOrganization() }),
    ],
    ['made an attorney', (c) => patchUser(c.userId, { role: 'attorney' })],
    ['made an admin', (c) => patchUser(c.userId, { role: 'admin' })],
    [
      'given a new password by an admin',
      (c) => patchUser(c.userId, { password: 'a different long passphrase' }),
    ],
    // Changes made outside the users API (SQL, a future endpoint) are caught by the check on every fetch.
    [
      'disabled in the database directly',
      (c) => db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [c.userId]),
    ],
    [
      'moved to another organization in the database directly',
      async (c) =>
        db.query(`UPDATE users SET organization_id = $2 WHERE id = $1`, [
          c.userId,
          await t.createOrganization(),
        ]),
    ],
    [
      'made an attorney in the database directly',
      (c) => db.query(`UPDATE users SET role = 'attorney' WHERE id = $1`, [c.userId]),
    ],
  ];

  it.each(ENDINGS)(
    'a coordinator’s feed stops serving at once when the coordinator is %s',
    async (_how, end) => {
      const { coordinator, feed } = await coordinatorFeed();
      await end(coordinator);
      await expectDead(feed);
    },
  );

  it('stays dead when the account is enabled again (the change revoked it, audited)', async () => {
    const { coordinator, feed } = await coordinatorFeed();
    await patchUser(coordinator.userId, { disabled: true });
    await patchUser(coordinator.userId, { disabled: false });
    await expectDead(feed);
    const [{ n }] = (await db.query(
      `SELECT count(*)::int AS n FROM audit_events a JOIN calendar_feeds f ON f.id::text = a.entity_id
        WHERE f.created_by = $1 AND a.action = 'calendar.feed_revoke' AND a.details->>'reason' = 'disabled'`,
      [coordinator.userId],
    )) as { n: number }[];
    expect(n).toBe(1);
  });

  it('keeps serving when the coordinator only signs out or is renamed (a subscription is not a session)', async () => {
    const { coordinator, feed } = await coordinatorFeed();
    await patchUser(coordinator.userId, { displayName: 'Renamed Coordinator' });
    await t.http().post('/auth/logout').set(coordinator.auth).expect(204);
    await t.http().get(feed).expect(200);
  });

  it('an attorney’s feed ends when the attorney is disabled or their password is reset, and drops matters no longer theirs', async () => {
    for (const end of [
      (a: Session) => patchUser(a.userId, { disabled: true }),
      (a: Session) => patchUser(a.userId, { password: 'a different long passphrase' }),
      (a: Session) => db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [a.userId]),
    ]) {
      const coordinator = await t.login('coordinator');
      const attorney = await createAttorney(t, coordinator);
      const other = await createAttorney(t, coordinator);
      const { caseId } = await createCase(t, coordinator, {
        child: { firstName: 'Rosa', lastName: 'Ixcot' },
      });
      await assign(db, caseId, attorney.attorneyId);
      await t
        .http()
        .post(`/cases/${caseId}/hearings`)
        .set(coordinator.auth)
        .send({ hearingType: 'master', localDate: '2027-03-03', localTime: '09:00' })
        .expect(201);
      const feed = pathOf((await t.http().post('/calendar/feeds').set(attorney.auth).expect(201)).body.url);
      expect((await t.http().get(feed).expect(200)).text).toContain('Rosa I.');
      // Reassigned: the matter leaves the feed.
      await assign(db, caseId, other.attorneyId);
      expect((await t.http().get(feed).expect(200)).text).not.toContain('Rosa I.');
      await assign(db, caseId, attorney.attorneyId);
      await end(attorney);
      await expectDead(feed);
    }
  });
});
