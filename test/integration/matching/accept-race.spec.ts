import { AttorneyHandle, MatchingFixture } from './support';

const ROUNDS = 20;

describe('atomic accept under concurrency', () => {
  let f: MatchingFixture;

  beforeAll(async () => {
    // Up to 50 pending offers of one case at once, so 50 attorneys can race for it.
    f = await MatchingFixture.start({ env: { OFFER_MAX_PENDING_PER_CASE: '50', DATABASE_POOL_SIZE: '10' } });
  });
  afterAll(() => f.close());

  async function attorneys(n: number, overrides: Record<string, unknown>): Promise<AttorneyHandle[]> {
    const out: AttorneyHandle[] = [];
    for (let i = 0; i < n; i += 10) {
      out.push(
        ...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => f.attorney(overrides)))),
      );
    }
    return out;
  }

  it(`50 concurrent accepts across offers of one case give exactly one winner (${ROUNDS} rounds)`, async () => {
    const racers = await attorneys(50, { capacity: ROUNDS + 5, remoteOk: true });
    const tally = { won: 0, lost: 0, otherCodes: new Set<string>() };
    for (let round = 0; round < ROUNDS; round++) {
      const { caseId } = await f.seekingCase();
      const offers: { id: string; attorney: AttorneyHandle }[] = [];
      for (const attorney of racers) {
        const res = await f.offer(caseId, { attorneyId: attorney.id });
        expect(res.status).toBe(201);
        offers.push({ id: res.body.id as string, attorney });
      }
      const results = await Promise.all(
        offers.map(({ id, attorney }) => f.t.http().post(`/offers/${id}/accept`).set(attorney.auth)),
      );
      const winners = results.filter((r) => r.status === 200);
      const losers = results.filter((r) => r.status !== 200);
      expect(winners).toHaveLength(1);
      for (const r of losers) {
        expect(r.status).toBe(409);
        if (r.body.code !== 'case_already_assigned') tally.otherCodes.add(r.body.code as string);
      }
      tally.won += winners.length;
      tally.lost += losers.length;

      const winner = winners[0].body as { id: string; attorney: { id: string } };
      const [k] = await f.query<{ status: string; attorney_id: string }>(
        'SELECT status, attorney_id FROM cases WHERE id = $1',
        [caseId],
      );
      expect(k).toEqual({ status: 'represented', attorney_id: winner.attorney.id });
      const statuses = await f.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM offers WHERE case_id = $1 GROUP BY status ORDER BY status`,
        [caseId],
      );
      expect(statuses).toEqual([
        { status: 'accepted', n: 1 },
        { status: 'withdrawn', n: 49 },
      ]);
    }
    expect(tally).toEqual({ won: ROUNDS, lost: ROUNDS * 49, otherCodes: new Set() });
    // Every assignment counted exactly once.
    const drift = await f.query<{ id: string }>(
      `SELECT a.id FROM attorneys a
         WHERE a.open_matters <> (SELECT count(*) FROM cases k WHERE k.attorney_id = a.id AND k.status = 'represented')`,
    );
    expect(drift).toEqual([]);
  }, 600_000);

  it(`concurrent accepts by one attorney never exceed capacity (${ROUNDS} rounds)`, async () => {
    const CASES = 8;
    const CAPACITY = 3;
    let refusedOverCapacity = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const [attorney] = await attorneys(1, { capacity: CAPACITY });
      const offers: string[] = [];
      for (let i = 0; i < CASES; i++) {
        const { caseId } = await f.seekingCase();
        offers.push((await f.offer(caseId, { attorneyId: attorney.id }).expect(201)).body.id as string);
      }
      const results = await Promise.all(
        offers.map((id) => f.t.http().post(`/offers/${id}/accept`).set(attorney.auth)),
      );
      const accepted = results.filter((r) => r.status === 200);
      const refused = results.filter((r) => r.status !== 200);
      expect(accepted).toHaveLength(CAPACITY);
      for (const r of refused)
        expect({ status: r.status, code: r.body.code }).toEqual({
          status: 409,
          code: 'attorney_at_capacity',
        });
      refusedOverCapacity += refused.length;

      const [load] = await f.query<{ open_matters: number; represented: number }>(
        `SELECT a.open_matters,
                  (SELECT count(*)::int FROM cases k WHERE k.attorney_id = a.id AND k.status = 'represented') AS represented
           FROM attorneys a WHERE a.id = $1`,
        [attorney.id],
      );
      expect(load).toEqual({ open_matters: CAPACITY, represented: CAPACITY });
      // The refused offers are still pending, their cases still offered: nothing half-written.
      const pending = await f.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM offers o JOIN cases k ON k.id = o.case_id
           WHERE o.id = ANY ($1::uuid[]) AND o.status = 'pending' AND k.status = 'offered' AND k.attorney_id IS NULL`,
        [offers],
      );
      expect(pending[0].n).toBe(CASES - CAPACITY);
    }
    expect(refusedOverCapacity).toBe(ROUNDS * (8 - 3));
  }, 600_000);
});
