import { DataSource } from 'typeorm';
import { ContactRetention } from '../../../src/children/contact-retention';
import { Clock } from '../../../src/clock/clock';
import { startTestApp, Session, TestApp } from '../../support/test-app';
import { childBody } from '../../support/intake-fixtures';

describe('contact retention', () => {
  let t: TestApp;
  let coordinator: Session;

  beforeAll(async () => {
    t = await startTestApp({ env: { CONTACT_RETENTION_DAYS: '30' } });
    coordinator = await t.login('coordinator');
  });
  afterAll(() => t.close());

  it('erases contact data only when every case of the child has been closed past the retention period', async () => {
    const make = async () => {
      const child = (await t.http().post('/children').set(coordinator.auth).send(childBody()).expect(201))
        .body;
      await t
        .http()
        .patch(`/children/${child.id}`)
        .set(coordinator.auth)
        .send({ address: { street: '2 Next St', zip: '10002' } })
        .expect(200);
      const k = (
        await t
          .http()
          .post('/cases')
          .set(coordinator.auth)
          .send({ childId: child.id, caseType: 'asylum' })
          .expect(201)
      ).body;
      return { child, k };
    };
    const closedLongAgo = await make();
    const stillOpen = await make();
    const closedRecently = await make();
    await t
      .http()
      .post(`/cases/${closedLongAgo.k.id}/status`)
      .set(coordinator.auth)
      .send({ status: 'closed', reason: 'relief granted' })
      .expect(200);
    // A second, still-open case protects a child even when the first is long closed.
    await t
      .http()
      .post('/cases')
      .set(coordinator.auth)
      .send({ childId: stillOpen.child.id, caseType: 'sijs' })
      .expect(201);
    await t
      .http()
      .post(`/cases/${stillOpen.k.id}/status`)
      .set(coordinator.auth)
      .send({ status: 'closed', reason: 'merged' })
      .expect(200);

    const clock = t.app.get(Clock);
    clock.advance(31 * 86_400_000);
    await t
      .http()
      .post(`/cases/${closedRecently.k.id}/status`)
      .set(coordinator.auth)
      .send({ status: 'closed', reason: 'moved' })
      .expect(200);

    const purged = await t.app.get(ContactRetention).purgeExpired();
    expect(purged).toEqual([closedLongAgo.child.id]);

    const after = await t.http().get(`/children/${closedLongAgo.child.id}`).set(coordinator.auth).expect(200);
    expect(after.body).toMatchObject({
      phone: null,
      email: null,
      address: { street: null, zip: '10002' },
      sponsor: { phone: null, email: null, address: { street: null, zip: '11368' } },
      firstName: closedLongAgo.child.firstName,
    });
    expect(after.body.contactPurgedAt).not.toBeNull();
    const history = await t
      .http()
      .get(`/children/${closedLongAgo.child.id}/addresses`)
      .set(coordinator.auth)
      .expect(200);
    expect(history.body.every((a: { street: string | null }) => a.street === null)).toBe(true);
    for (const kept of [stillOpen, closedRecently]) {
      expect(
        (await t.http().get(`/children/${kept.child.id}`).set(coordinator.auth).expect(200)).body.phone,
      ).not.toBeNull();
    }
    const audit = (await t.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'child.contact_purged'`)) as {
      n: number;
    }[];
    expect(audit[0].n).toBe(1);
    expect(await t.app.get(ContactRetention).purgeExpired()).toEqual([]); // idempotent
  });
});
