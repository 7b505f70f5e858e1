import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { expiryJobId } from '../../../src/matching/offers/offer-jobs';
import { OfferSweep } from '../../../src/matching/offers/offer-sweep';
import { QUEUE } from '../../../src/queue/queue-names';
import { QUEUE_BACKENDS } from '../../support/test-app';
import { eventually, MatchingFixture, outboxMessages } from './support';

const offerStatus = (f: MatchingFixture, id: string) =>
  f.query<{ status: string }>('SELECT status FROM offers WHERE id = $1', [id]).then((r) => r[0].status);

describe.each(QUEUE_BACKENDS)('offer expiry by delayed job, on the %s queue', (backend) => {
  let f: MatchingFixture;

  beforeAll(async () => {
    f = await MatchingFixture.start({ backend, env: { OFFER_TTL: '2s' } });
  });
  afterAll(() => f.close());

  it('expires an unanswered offer at its deadline (job id from the offer id) and puts the case back', async () => {
    const { caseId } = await f.seekingCase();
    const atty = await f.attorney();
    const offer = await f.offer(caseId, { attorneyId: atty.id }).expect(201);
    expect(await offerStatus(f, offer.body.id)).toBe('pending');
    const job = await f.t.app.get<Queue>(getQueueToken(QUEUE.offers)).getJob(expiryJobId(offer.body.id));
    expect(job?.data).toEqual({ offerId: offer.body.id });
    await eventually(
      () => offerStatus(f, offer.body.id),
      (s) => s === 'expired',
    );
    expect(await f.caseStatus(caseId)).toBe('seeking_counsel');
    const late = await f.t.http().post(`/offers/${offer.body.id}/accept`).set(atty.auth).expect(409);
    expect(late.body.code).toBe('offer_expired');
    await eventually(
      () => outboxMessages(f.t, 'Offer expired'),
      (m) => m.some((x) => x.includes(offer.body.id)),
    );
    // The expiry is recorded once, with the system as actor.
    const audit = await f.query<{ actor_user_id: string | null }>(
      `SELECT actor_user_id FROM audit_events WHERE action = 'offer.expire' AND entity_id = $1`,
      [offer.body.id],
    );
    expect(audit).toEqual([{ actor_user_id: null }]);
  });
});

describe('offer expiry by the sweep, and rotation', () => {
  let f: MatchingFixture;

  beforeAll(async () => {
    f = await MatchingFixture.start({ env: { OFFER_TTL: '72h', OFFER_AUTO_ROTATE: 'true' } });
  });
  afterAll(() => f.close());

  it('refuses an accept once the deadline has passed, even before the sweep ran, and changes nothing', async () => {
    const { caseId } = await f.seekingCase();
    const atty = await f.attorney();
    const offer = await f.offer(caseId, { attorneyId: atty.id }).expect(201);
    f.clock.advance(73 * 3600_000);
    try {
      const res = await f.t.http().post(`/offers/${offer.body.id}/accept`).set(atty.auth).expect(409);
      expect(res.body.code).toBe('offer_expired');
      expect(await offerStatus(f, offer.body.id)).toBe('pending');
      expect(await f.caseStatus(caseId)).toBe('offered');
      // The sweep (the safety net behind the job) expires it, then rotation offers the case to the next best.
      const result = await f.t.app.get(OfferSweep).sweep();
      expect(result.expired).toBeGreaterThanOrEqual(1);
      expect(await offerStatus(f, offer.body.id)).toBe('expired');
    } finally {
      f.clock.advance(-73 * 3600_000);
    }
  });

  it('rotates a declined offer to the next best candidate, and stops when nobody is left', async () => {
    const { caseId } = await f.seekingCase({ child: { primaryLanguage: 'kjb', otherLanguages: [] } });
    const first = await f.attorney({ languages: [{ code: 'kjb', proficiency: 'native' }], remoteOk: false });
    const second = await f.attorney({ languages: [{ code: 'kjb', proficiency: 'fluent' }], remoteOk: false });
    // Everyone else this fixture made is out of reach for this case: give the case a far-away address.
    await f.query(
      `UPDATE children SET latitude = 61.2181, longitude = -149.9003, state = 'AK', county = 'Anchorage'
       WHERE id = (SELECT child_id FROM cases WHERE id = $1)`,
      [caseId],
    );
    await f.query(`UPDATE attorneys SET latitude = 61.2, longitude = -149.9 WHERE id = ANY ($1::uuid[])`, [
      [first.id, second.id],
    ]);
    const offer = await f.offer(caseId, { next: true }).expect(201);
    expect(offer.body.attorney.id).toBe(first.id);
    await f.t
      .http()
      .post(`/offers/${offer.body.id}/decline`)
      .set(first.auth)
      .send({ reason: 'on leave' })
      .expect(200);
    const rotated = await f.query<{
      id: string;
      attorney_id: string;
      source: string;
      previous_offer_id: string;
    }>(
      `SELECT id, attorney_id, source, previous_offer_id FROM offers WHERE case_id = $1 AND status = 'pending'`,
      [caseId],
    );
    expect(rotated).toEqual([
      {
        id: expect.any(String),
        attorney_id: second.id,
        source: 'rotation',
        previous_offer_id: offer.body.id,
      },
    ]);
    expect(await f.caseStatus(caseId)).toBe('offered');

    // The second lets it lapse: rotation finds nobody left (the first declined, the second lapsed).
    f.clock.advance(73 * 3600_000);
    try {
      expect((await f.t.app.get(OfferSweep).sweep()).expired).toBeGreaterThanOrEqual(1);
    } finally {
      f.clock.advance(-73 * 3600_000);
    }
    expect(await offerStatus(f, rotated[0].id)).toBe('expired');
    const pending = await f.query(`SELECT id FROM offers WHERE case_id = $1 AND status = 'pending'`, [
      caseId,
    ]);
    expect(pending).toEqual([]);
    expect(await f.caseStatus(caseId)).toBe('seeking_counsel');
    expect((await f.offer(caseId, { next: true }).expect(409)).body.code).toBe('no_candidates');
  });

  it('sends e-mails the queue lost, from the rows, once', async () => {
    const { caseId } = await f.seekingCase();
    const atty = await f.attorney();
    const offer = await f.offer(caseId, { attorneyId: atty.id }).expect(201);
    await eventually(
      () => outboxMessages(f.t, offer.body.id).length,
      (n) => n === 1,
    );
    // Pretend the e-mail was never sent.
    await f.query(`UPDATE offers SET attorney_notified_at = NULL WHERE id = $1`, [offer.body.id]);
    f.clock.advance(5 * 60_000);
    try {
      await f.t.app.get(OfferSweep).sweep();
      await f.t.app.get(OfferSweep).sweep();
    } finally {
      f.clock.advance(-5 * 60_000);
    }
    expect(outboxMessages(f.t, offer.body.id)).toHaveLength(2);
  });
});
