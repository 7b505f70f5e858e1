import { typeormDb } from '../../../src/database/sql';
import { OffersService } from '../../../src/matching/offers/offers.service';
import {
  AssignmentPlan,
  greedyPlan,
  PLAN_SCORE_UNITS_PER_POINT,
  PlanInput,
  planAssignments,
  planObjectiveKey,
  PlanObjective,
} from '../../../src/matching/planning';
import { buildPlanInput } from '../../../src/matching/plans/plan-input';
import { Session } from '../../support/test-app';
import { MatchingFixture } from './support';

/** Every assignment (each case: one of its candidates or none, within capacities); the best key. */
function bruteForceKey(
  input: PlanInput,
  objective: PlanObjective,
  urgentWithinDays: number,
): [number, number, number] {
  const room = new Map(input.attorneys.map((a) => [a.attorneyId, a.remainingCapacity]));
  let best: [number, number, number] = [0, 0, 0];
  const better = (a: [number, number, number], b: [number, number, number]) =>
    a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] > b[2] + 1e-9;
  const visit = (c: number, urgent: number, covered: number, units: number) => {
    if (c === input.cases.length) {
      const score = units / PLAN_SCORE_UNITS_PER_POINT;
      const key: [number, number, number] =
        objective === 'cover_most_cases' ? [urgent, covered, score] : [urgent, score, covered];
      if (better(key, best)) best = key;
      return;
    }
    const k = input.cases[c];
    const isUrgent = k.daysToNextEvent !== null && k.daysToNextEvent <= urgentWithinDays ? 1 : 0;
    visit(c + 1, urgent, covered, units);
    for (const candidate of k.candidates) {
      const left = room.get(candidate.attorneyId) ?? 0;
      if (left <= 0) continue;
      room.set(candidate.attorneyId, left - 1);
      visit(
        c + 1,
        urgent + isUrgent,
        covered + 1,
        units + Math.round(candidate.score * PLAN_SCORE_UNITS_PER_POINT),
      );
      room.set(candidate.attorneyId, left);
    }
  };
  visit(0, 0, 0, 0);
  return best;
}

function roundedKey(plan: AssignmentPlan, objective: PlanObjective): [number, number, number] {
  const key = planObjectiveKey(plan, objective);
  const units = (s: number) => Math.round(s * PLAN_SCORE_UNITS_PER_POINT) / PLAN_SCORE_UNITS_PER_POINT;
  const rounded =
    plan.pairs.reduce((s, p) => s + Math.round(p.score * PLAN_SCORE_UNITS_PER_POINT), 0) /
    PLAN_SCORE_UNITS_PER_POINT;
  return objective === 'cover_most_cases'
    ? [key[0], key[1], units(rounded)]
    : [key[0], units(rounded), key[2]];
}

describe('assignment plans', () => {
  let f: MatchingFixture;

  beforeAll(async () => {
    f = await MatchingFixture.start();
  });
  afterAll(() => f.close());

  it('covers both cases where greedy covers one, explains each pair and reports both totals', async () => {
    const coordinator = await f.t.login('coordinator');
    // Case A (Queens, K'iche') suits X best; case B (Buffalo) only X can take, remotely. One slot each.
    const a = (await f.seekingCase({ as: coordinator })).caseId;
    const b = (
      await f.seekingCase({ as: coordinator, child: { address: { street: '1 Main St', zip: '14201' } } })
    ).caseId;
    const x = await f.attorney(
      { capacity: 1, remoteOk: true, languages: [{ code: 'quc', proficiency: 'native' }] },
      coordinator,
    );
    const y = await f.attorney({ capacity: 1, remoteOk: false }, coordinator);
    const res = await f.t.http().post('/matching/plan').set(coordinator.auth).send({}).expect(201);
    expect(res.body).toMatchObject({
      organizationId: coordinator.organizationId,
      objective: 'cover_most_cases',
      status: 'proposed',
      totals: { casesCovered: 2, casesTotal: 2 },
      greedy: { casesCovered: 1, casesTotal: 2 },
      uncoveredCaseIds: [],
    });
    const pairs = new Map(
      (res.body.pairs as { caseId: string; attorneyId: string }[]).map((p) => [p.caseId, p]),
    );
    expect(pairs.get(a)).toMatchObject({
      attorneyId: y.id,
      attorneyName: 'Test Attorney',
      serviceMode: 'in_person',
    });
    expect(pairs.get(b)).toMatchObject({ attorneyId: x.id, serviceMode: 'remote' });
    expect(pairs.get(b)).toHaveProperty(
      'summary',
      expect.stringMatching(/^remote, \d+ mi \(scored as 50 mi\); speaks K'iche' \(native\)/),
    );
    expect(res.body.timings).toMatchObject({ candidatesMs: expect.any(Number), solveMs: expect.any(Number) });
    const stored = await f.t.http().get(`/matching/plan/${res.body.id}`).set(coordinator.auth).expect(200);
    expect(stored.body).toMatchObject({ id: res.body.id, totals: res.body.totals, pairs: res.body.pairs });
  });

  it('is optimal on small instances, checked against brute force, for both objectives', async () => {
    const db = typeormDb(f.db);
    const context = await f.t.app.get(OffersService).rankingContext(new Date());
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const zips = ['11368', '10007', '10601', '07102', '11201'];
    let compared = 0;
    for (let round = 0; round < 4; round++) {
      const coordinator: Session = await f.t.login('coordinator');
      const caseIds: string[] = [];
      for (let i = 0; i < 6; i++) {
        const { caseId } = await f.seekingCase({
          as: coordinator,
          caseType: random() < 0.7 ? 'removal_defense' : 'asylum',
          child: { address: { street: '1 Main St', zip: zips[Math.floor(random() * zips.length)] } },
        });
        caseIds.push(caseId);
        if (random() < 0.4) {
          await f.query(
            `INSERT INTO hearings (case_id, court_code, location_court_code, hearing_type, starts_at, time_zone)
             VALUES ($1, 'NYC', 'NYC', 'master', now() + make_interval(days => $2), 'America/New_York')`,
            [caseId, 1 + Math.floor(random() * 60)],
          );
        }
      }
      for (let i = 0; i < 5; i++) {
        await f.attorney(
          {
            capacity: 1 + Math.floor(random() * 2),
            travelRadiusMiles: [5, 15, 30][Math.floor(random() * 3)],
            office: { zip: zips[Math.floor(random() * zips.length)] },
            remoteOk: random() < 0.3,
            practiceAreas: random() < 0.5 ? ['removal_defense'] : ['removal_defense', 'asylum'],
            languages: [
              {
                code: random() < 0.5 ? 'quc' : 'spa',
                proficiency: random() < 0.5 ? 'native' : 'conversational',
              },
            ],
          },
          coordinator,
        );
      }
      const built = await buildPlanInput(db, coordinator.organizationId!, context, { k: 5 });
      for (const objective of ['cover_most_cases', 'max_total_score'] as const) {
        const plan = planAssignments(built.input, { objective, urgentWithinDays: 30 });
        const greedy = greedyPlan(built.input, { objective, urgentWithinDays: 30 });
        const best = bruteForceKey(built.input, objective, 30);
        const key = roundedKey(plan, objective);
        expect(key[0]).toBe(best[0]);
        expect(key[1]).toBeCloseTo(best[1], 6);
        expect(key[2]).toBeCloseTo(best[2], 6);
        const greedyKey = roundedKey(greedy, objective);
        expect(greedyKey[0] < key[0] || (greedyKey[0] === key[0] && greedyKey[1] <= key[1] + 1e-9)).toBe(
          true,
        );
        compared++;
      }
      // The API runs the same planner on the same candidates.
      const api = await f.t
        .http()
        .post('/matching/plan')
        .set(coordinator.auth)
        .send({ candidatesPerCase: 5 })
        .expect(201);
      const plan = planAssignments(built.input, { urgentWithinDays: 30 });
      expect(api.body.totals).toMatchObject({
        casesCovered: plan.casesCovered,
        urgentCovered: plan.urgentCovered,
        urgentTotal: plan.urgentTotal,
      });
      expect(api.body.totals.totalScore).toBeCloseTo(plan.totalScore, 6);
    }
    expect(compared).toBe(8);
  });

  it('sends the offers of an accepted plan, skipping pairs that became impossible, once', async () => {
    const coordinator = await f.t.login('coordinator');
    const c1 = (await f.seekingCase({ as: coordinator })).caseId;
    const c2 = (
      await f.seekingCase({ as: coordinator, child: { primaryLanguage: 'mam', otherLanguages: [] } })
    ).caseId;
    const a1 = await f.attorney(
      { capacity: 1, languages: [{ code: 'quc', proficiency: 'native' }] },
      coordinator,
    );
    const a2 = await f.attorney(
      { capacity: 1, languages: [{ code: 'mam', proficiency: 'native' }] },
      coordinator,
    );
    const plan = await f.t.http().post('/matching/plan').set(coordinator.auth).send({}).expect(201);
    expect(plan.body.totals.casesCovered).toBe(2);
    const pairOf = (caseId: string) =>
      (plan.body.pairs as { caseId: string; attorneyId: string }[]).find((p) => p.caseId === caseId)!;
    expect(pairOf(c1).attorneyId).toBe(a1.id);
    expect(pairOf(c2).attorneyId).toBe(a2.id);
    // Meanwhile a2 pauses.
    await f.t
      .http()
      .patch('/attorneys/me')
      .set(a2.auth)
      .send({ pausedUntil: new Date(Date.now() + 7 * 86_400_000).toISOString() })
      .expect(200);
    const sent = await f.t
      .http()
      .post(`/matching/plan/${plan.body.id}/offers`)
      .set(coordinator.auth)
      .expect(201);
    expect(sent.body).toMatchObject({
      planId: plan.body.id,
      sent: [{ caseId: c1, attorneyId: a1.id, offerId: expect.any(String) }],
      skipped: [{ caseId: c2, attorneyId: a2.id, code: 'attorney_ineligible' }],
    });
    expect(await f.caseStatus(c1)).toBe('offered');
    expect(await f.caseStatus(c2)).toBe('seeking_counsel');
    const offer = await f.t
      .http()
      .get(`/offers/${sent.body.sent[0].offerId}`)
      .set(coordinator.auth)
      .expect(200);
    expect(offer.body).toMatchObject({ source: 'plan', planId: plan.body.id });
    expect(
      (await f.t.http().post(`/matching/plan/${plan.body.id}/offers`).set(coordinator.auth).expect(409)).body
        .code,
    ).toBe('plan_already_sent');
    const stored = await f.t.http().get(`/matching/plan/${plan.body.id}`).set(coordinator.auth).expect(200);
    expect(stored.body).toMatchObject({ status: 'offers_sent', offers: { sent: [{ caseId: c1 }] } });
  });

  it('refuses another organization’s queue and plans with 404, and needs an organization for admins', async () => {
    const mine = await f.t.login('coordinator');
    const other = await f.t.login('coordinator');
    await f.seekingCase({ as: other });
    const theirs = await f.t.http().post('/matching/plan').set(other.auth).send({}).expect(201);
    const refused = await f.t
      .http()
      .post('/matching/plan')
      .set(mine.auth)
      .send({ organizationId: other.organizationId })
      .expect(404);
    expect(refused.body.code).toBe('organization_not_found');
    expect(
      (await f.t.http().get(`/matching/plan/${theirs.body.id}`).set(mine.auth).expect(404)).body.code,
    ).toBe('plan_not_found');
    expect(
      (await f.t.http().post(`/matching/plan/${theirs.body.id}/offers`).set(mine.auth).expect(404)).body.code,
    ).toBe('plan_not_found');
    const admin = await f.t.login('admin');
    expect((await f.t.http().post('/matching/plan').set(admin.auth).send({}).expect(404)).body.code).toBe(
      'organization_required',
    );
    const forOther = await f.t
      .http()
      .post('/matching/plan')
      .set(admin.auth)
      .send({ organizationId: other.organizationId })
      .expect(201);
    expect(forOther.body.totals.casesTotal).toBe(1);
    expect(
      (await f.t.http().post('/matching/plan').set(mine.auth).send({ objective: 'fastest' }).expect(400)).body
        .code,
    ).toBe('validation_failed');
  });
});
