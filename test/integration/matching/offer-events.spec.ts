import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { expiryJobId } from '../../../src/matching/offers/offer-jobs';
import { OfferSweep } from '../../../src/matching/offers/offer-sweep';
import { QUEUE } from '../../../src/queue/queue-names';
import { QUEUE_BACKENDS, QueueBackend } from '../../support/test-app';
import { eventually, MatchingFixture, outboxMessages } from './support';

/**
 * One structured log line per offer event (sent, answered, withdrawn or expired), written after the commit: ids
 * and the outcome only. The whole file shares one log capture (the process has one pino-http instance); each
 * backend's run reads what it added.
 */
const logged: string[] = [];
const capture = { write: (line: string) => void logged.push(line) };

const EVENT_FIELDS = ['event', 'offerId', 'caseId', 'attorneyId', 'outcome'];

describe.each(QUEUE_BACKENDS)(
  'offer events in the log and jobs after the commit (queue on %s)',
  (backend: QueueBackend) => {
    let f: MatchingFixture;
    let firstLine = 0;

    beforeAll(async () => {
      firstLine = logged.length;
      f = await MatchingFixture.start({
        backend,
        logs: capture,
        env: { LOG_LEVEL: 'info', OFFER_MAX_PENDING_PER_CASE: '3', OFFER_TTL: '72h' },
      });
    });
    afterAll(() => f.close());

    /** The offer event lines this run logged, parsed. */
    const events = () =>
      logged
        .slice(firstLine)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => typeof line.event === 'string' && line.event.startsWith('offer.'));

    it('logs exactly one info line per sent, answered, withdrawn and expired offer, with ids and outcome only', async () => {
      const child = { firstName: 'Xiomara', lastName: 'Tzunun', dateOfBirth: '2012-04-17' };
      const seeking = () => f.seekingCase({ child });
      const [a1, a2, a3] = [await f.attorney(), await f.attorney(), await f.attorney()];
      const offer = async (caseId: string, attorneyId: string) =>
        (await f.offer(caseId, { attorneyId }).expect(201)).body.id as string;
      const post = (path: string, auth: { Authorization: string }, body: object = {}) =>
        f.t.http().post(path).set(auth).send(body);

      // Declined.
      const c1 = await seeking();
      const declined = await offer(c1.caseId, a1.id);
      await post(`/offers/${declined}/decline`, a1.auth, { reason: 'on leave' }).expect(200);
      // Accepted by one of three: the other two are withdrawn.
      const c2 = await seeking();
      const race = [
        await offer(c2.caseId, a1.id),
        await offer(c2.caseId, a2.id),
        await offer(c2.caseId, a3.id),
      ];
      await post(`/offers/${race[1]}/accept`, a2.auth).expect(200);
      // Refused moves log nothing: an answer to an ended offer, a withdrawal of an accepted one.
      expect((await post(`/offers/${race[0]}/accept`, a1.auth).expect(409)).body.code).toBe(
        'case_already_assigned',
      );
      await post(`/offers/${race[1]}/withdraw`, f.coordinator.auth).expect(409);
      // Withdrawn by the coordinator, and by closing the case.
      const c3 = await seeking();
      const withdrawn = await offer(c3.caseId, a1.id);
      await post(`/offers/${withdrawn}/withdraw`, f.coordinator.auth, { reason: 'family moved' }).expect(200);
      const c4 = await seeking();
      const closed = await offer(c4.caseId, a3.id);
      await post(`/cases/${c4.caseId}/status`, f.coordinator.auth, {
        status: 'closed',
        reason: 'moved',
      }).expect(200);
      // Expired (by the sweep), and one left pending.
      const c5 = await seeking();
      const lapsed = await offer(c5.caseId, a1.id);
      f.clock.advance(73 * 3600_000);
      try {
        await f.t.app.get(OfferSweep).sweep();
      } finally {
        f.clock.advance(-73 * 3600_000);
      }
      const c6 = await seeking();
      await offer(c6.caseId, a3.id);

      // What the log says must be exactly what the rows say: one "sent" per offer, one end per ended offer.
      const rows = await f.query<{ id: string; case_id: string; attorney_id: string; status: string }>(
        `SELECT id, case_id, attorney_id, status FROM offers WHERE case_id = ANY ($1::uuid[]) ORDER BY id`,
        [[c1, c2, c3, c4, c5, c6].map((c) => c.caseId)],
      );
      expect(rows).toHaveLength(8);
      const expected = rows.flatMap((r) => {
        const ids = { offerId: r.id, caseId: r.case_id, attorneyId: r.attorney_id };
        const sent = { event: 'offer.sent', ...ids };
        if (r.status === 'pending') return [sent];
        const end = r.status === 'accepted' || r.status === 'declined' ? 'offer.answered' : 'offer.ended';
        return [sent, { event: end, ...ids, outcome: r.status }];
      });
      const ours = events().filter((e) => rows.some((r) => r.id === e.offerId));
      const pick = (e: Record<string, unknown>) =>
        Object.fromEntries(EVENT_FIELDS.filter((k) => k in e).map((k) => [k, e[k]]));
      const key = (e: Record<string, unknown>) => `${String(e.offerId)} ${String(e.event)}`;
      expect(ours.map(pick).sort((x, y) => key(x).localeCompare(key(y)))).toEqual(
        expected.sort((x, y) => key(x).localeCompare(key(y))),
      );
      expect(new Set(rows.map((r) => r.status))).toEqual(
        new Set(['pending', 'accepted', 'declined', 'withdrawn', 'expired']),
      );
      expect(rows.find((r) => r.id === closed)?.status).toBe('withdrawn');
      expect(rows.find((r) => r.id === lapsed)?.status).toBe('expired');
      expect(rows.find((r) => r.id === withdrawn)?.status).toBe('withdrawn');

      for (const line of ours) {
        expect(line.level).toBe(30); // info
        expect(typeof line.msg).toBe('string');
        // Ids and the outcome; nothing else of the offer, the case or the child.
        const extra = Object.keys(line).filter(
          (k) =>
            !EVENT_FIELDS.includes(k) &&
            !['level', 'time', 'pid', 'hostname', 'msg', 'context', 'req'].includes(k),
        );
        expect({ line, extra }).toEqual({ line, extra: [] });
        const text = JSON.stringify(line);
        for (const secret of [
          child.firstName,
          child.lastName,
          child.dateOfBirth,
          a1.email,
          'on leave',
          'family moved',
        ]) {
          expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
        }
      }
    });

    it('queues the withdrawal e-mail and drops the expiry job once a case closes, without waiting for the sweep', async () => {
      const { caseId } = await f.seekingCase();
      const atty = await f.attorney();
      const offer = await f.offer(caseId, { attorneyId: atty.id }).expect(201);
      const queue = f.t.app.get<Queue>(getQueueToken(QUEUE.offers));
      expect(await queue.getJob(expiryJobId(offer.body.id))).toBeTruthy();
      await f.t
        .http()
        .post(`/cases/${caseId}/status`)
        .set(f.coordinator.auth)
        .send({ status: 'closed', reason: 'family moved abroad' })
        .expect(200);
      // The sweep runs hourly in these tests: the e-mail comes from the job queued after the commit.
      expect(await queue.getJob(expiryJobId(offer.body.id))).toBeFalsy();
      await eventually(
        () => outboxMessages(f.t, 'Offer withdrawn').filter((m) => m.includes(atty.email)),
        (m) => m.length === 1,
      );
    });
  },
);
