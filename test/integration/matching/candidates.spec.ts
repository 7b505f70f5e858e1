import { caseParameters, caseProfile, loadCaseFacts } from '../../../src/matching/candidates/case-facts';
import {
  attorneyRowQuery,
  candidateProfile,
  CandidateRow,
} from '../../../src/matching/candidates/candidate-sql';
import { candidateRowsForCase, explainRow, RankingContext } from '../../../src/matching/candidates/ranking';
import { typeormDb } from '../../../src/database/sql';
import { MATCHING_SETTINGS, MatchingSettings } from '../../../src/matching/matching-settings';
import { OffersService } from '../../../src/matching/offers/offers.service';
import { buildPlanInput } from '../../../src/matching/plans/plan-input';
import { AttorneyMatchProfile, rankCandidates, scoreCandidate } from '../../../src/matching/scoring';
import { AttorneyHandle, MatchingFixture } from './support';

interface Candidate {
  attorneyId: string;
  score: number;
  summary: string;
  serviceMode: string;
  distanceMiles: number | null;
  factors: { factor: string; points: number; detail: string }[];
}

describe('candidates: eligibility and ranking in the database', () => {
  let f: MatchingFixture;

  beforeAll(async () => {
    f = await MatchingFixture.start();
  });
  afterAll(() => f.close());

  const ids = async (caseId: string) =>
    ((await f.candidates(caseId, 100).expect(200)).body.items as Candidate[]).map((c) => c.attorneyId);

  describe('every eligibility rule', () => {
    let caseId: string;
    let sijsCase: string;
    const named: Record<string, AttorneyHandle> = {};

    beforeAll(async () => {
      // The child lives in Queens (11368); the default attorney's office is in lower Manhattan, ~8 mi away.
      caseId = (await f.seekingCase()).caseId;
      sijsCase = (await f.seekingCase({ caseType: 'sijs' })).caseId;
      named.eligible = await f.attorney();
      named.inactive = await f.attorney({ active: false });
      named.paused = await f.attorney({ pausedUntil: new Date(Date.now() + 7 * 86_400_000).toISOString() });
      named.pauseOver = await f.attorney({ pausedUntil: new Date(Date.now() - 86_400_000).toISOString() });
      named.full = await f.attorney({ capacity: 0 });
      named.otherPractice = await f.attorney({ practiceAreas: ['asylum', 'u_visa'] });
      named.farAway = await f.attorney({ office: { zip: '94103' }, travelRadiusMiles: 100, remoteOk: false });
      named.farRemote = await f.attorney({
        office: { zip: '94103' },
        travelRadiusMiles: 100,
        remoteOk: true,
      });
      named.smallRadius = await f.attorney({ travelRadiusMiles: 2 });
      named.remoteOnly = await f.attorney({ office: undefined, remoteOk: true });
      named.notAdmittedRemote = await f.attorney({ barAdmissions: ['NJ'], remoteOk: true });
      named.declined = await f.attorney();
      const elsewhere = await f.t.login('coordinator');
      named.otherOrg = await f.attorney({}, elsewhere);
      const offer = await f.offer(caseId, { attorneyId: named.declined.id }).expect(201);
      await f.t
        .http()
        .post(`/offers/${offer.body.id}/decline`)
        .set(named.declined.auth)
        .send({ reason: 'no' })
        .expect(200);
      const sijsOffer = await f.offer(sijsCase, { attorneyId: named.declined.id }).expect(201);
      await f.t
        .http()
        .post(`/offers/${sijsOffer.body.id}/withdraw`)
        .set(f.coordinator.auth)
        .send({})
        .expect(200);
    });

    it.each([
      ['eligible', true],
      ['inactive', false],
      ['paused', false],
      ['pauseOver', true],
      ['full', false],
      ['otherPractice', false],
      ['farAway', false],
      ['farRemote', true],
      ['smallRadius', false],
      ['remoteOnly', true],
      ['notAdmittedRemote', true],
      ['declined', false],
      ['otherOrg', false],
    ])('removal defense: %s → %s', async (name, expected) => {
      expect((await ids(caseId)).includes(named[name].id)).toBe(expected);
    });

    it('SIJS needs bar admission in the child’s state, even for remote attorneys; a withdrawn offer does not exclude', async () => {
      const sijs = await ids(sijsCase);
      expect(sijs).toContain(named.eligible.id);
      expect(sijs).toContain(named.declined.id);
      expect(sijs).not.toContain(named.notAdmittedRemote.id);
      expect(sijs).not.toContain(named.otherPractice.id);
    });

    it('explains in-person, remote and distance per candidate', async () => {
      const items = (await f.candidates(caseId, 100).expect(200)).body.items as Candidate[];
      const by = (name: string) => items.find((c) => c.attorneyId === named[name].id)!;
      expect(by('eligible')).toMatchObject({ serviceMode: 'in_person', distanceMiles: expect.any(Number) });
      expect(by('eligible').distanceMiles).toBeGreaterThan(5);
      expect(by('eligible').distanceMiles).toBeLessThan(12);
      expect(by('eligible').summary).toMatch(
        /^\d+ mi; speaks Spanish \(fluent; child's other language\); admitted in NY; 3 of 3 slots open; no removal defense matters before$/,
      );
      expect(by('farRemote')).toMatchObject({ serviceMode: 'remote' });
      expect(by('farRemote').summary).toMatch(/^remote, \d+ mi \(scored as 50 mi\)/);
      expect(by('remoteOnly')).toMatchObject({ serviceMode: 'remote', distanceMiles: null });
      expect(by('remoteOnly').summary).toMatch(/^remote \(scored as 50 mi\)/);
    });

    it('refuses another organization’s case with 404, and attorneys altogether', async () => {
      const elsewhere = await f.t.login('coordinator');
      expect((await f.candidates(caseId, 10, elsewhere).expect(404)).body.code).toBe('case_not_found');
      await f.t.http().get(`/cases/${caseId}/candidates`).set(named.eligible.auth).expect(403);
      expect(
        (
          await f.t
            .http()
            .get(`/cases/${caseId}/candidates`)
            .query({ limit: 0 })
            .set(f.coordinator.auth)
            .expect(400)
        ).body.code,
      ).toBe('validation_failed');
    });
  });

  it('ranks hand-built attorneys in the expected order', async () => {
    // A K'iche'-speaking child (Spanish as other language, sponsor speaks Spanish) in Queens.
    const { caseId } = await f.seekingCase({
      child: { primaryLanguage: 'quc', otherLanguages: ['spa'], sponsor: undefined },
    });
    await f.query(`DELETE FROM sponsors WHERE child_id = (SELECT child_id FROM cases WHERE id = $1)`, [
      caseId,
    ]);
    const mk = (languages: { code: string; proficiency: string }[], extra: Record<string, unknown> = {}) =>
      f.attorney({ languages, ...extra });
    const quechuaNative = await mk([{ code: 'quc', proficiency: 'native' }]);
    const quechuaConversational = await mk([{ code: 'quc', proficiency: 'conversational' }]);
    const spanishNative = await mk([{ code: 'spa', proficiency: 'native' }]);
    const englishOnly = await mk([{ code: 'eng', proficiency: 'native' }]);
    const spanishNativeFar = await mk([{ code: 'spa', proficiency: 'native' }], {
      office: { zip: '10601' }, // White Plains, ~25 mi
      travelRadiusMiles: 60,
    });
    const spanishNativeBusy = await mk([{ code: 'spa', proficiency: 'native' }], { capacity: 10 });
    const order = (await ids(caseId)).filter((id) =>
      [quechuaNative, quechuaConversational, spanishNative, englishOnly, spanishNativeFar, spanishNativeBusy]
        .map((a) => a.id)
        .includes(id),
    );
    // Language first (primary native > other-language native > primary conversational), then distance; a busy
    // attorney with more slots open scores the same capacity fraction, so ties break by id.
    expect(order[0]).toBe(quechuaNative.id);
    expect(order.indexOf(spanishNative.id)).toBeLessThan(order.indexOf(quechuaConversational.id));
    expect(order.indexOf(spanishNative.id)).toBeLessThan(order.indexOf(spanishNativeFar.id));
    expect(order[order.length - 1]).toBe(englishOnly.id);

    // Experience and recent load move attorneys who are otherwise equal.
    const twinA = await mk([{ code: 'quc', proficiency: 'fluent' }]);
    const twinB = await mk([{ code: 'quc', proficiency: 'fluent' }]);
    const twinC = await mk([{ code: 'quc', proficiency: 'fluent' }]);
    await f.query(`UPDATE attorneys SET matters_by_type = '{4,0,0,0,0,0}' WHERE id = $1`, [twinA.id]);
    const busyCase = (await f.seekingCase()).caseId;
    const load = await f.offer(busyCase, { attorneyId: twinC.id }).expect(201);
    await f.t.http().post(`/offers/${load.body.id}/withdraw`).set(f.coordinator.auth).send({}).expect(200);
    const items = (await f.candidates(caseId, 100).expect(200)).body.items as Candidate[];
    const rank = (a: AttorneyHandle) => items.findIndex((c) => c.attorneyId === a.id);
    expect(rank(twinA)).toBeLessThan(rank(twinB));
    expect(rank(twinB)).toBeLessThan(rank(twinC));
    const twinAItem = items[rank(twinA)];
    expect(twinAItem.summary).toContain('4 removal defense matters before');
    expect(items[rank(twinC)].factors.find((x) => x.factor === 'fairness')!.detail).toBe(
      '1 recent offer or assignment',
    );
  });

  describe('the database and the pure scoring code agree', () => {
    let context: RankingContext;
    const caseIds: string[] = [];
    const zips = ['11368', '10007', '10601', '07102', '11201', '10451', '08608', '19103', '06103', '11550'];
    const languages = ['spa', 'quc', 'mam', 'eng', 'por'];
    const proficiencies = ['native', 'fluent', 'professional', 'conversational'];
    const areas = ['removal_defense', 'asylum', 'sijs', 't_visa', 'u_visa', 'other'];

    beforeAll(async () => {
      // A pseudo-random crowd of attorneys and cases (seeded, so failures reproduce).
      let seed = 42;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
      for (let i = 0; i < 60; i++) {
        const langs = [...new Set([pick(languages), pick(languages)])];
        const office = random() < 0.9 ? { zip: pick(zips) } : undefined;
        await f.attorney({
          office,
          remoteOk: !office || random() < 0.35,
          travelRadiusMiles: pick([3, 10, 25, 40, 80]),
          capacity: 1 + Math.floor(random() * 6),
          languages: langs.map((code) => ({ code, proficiency: pick(proficiencies) })),
          practiceAreas: [...new Set([pick(areas), pick(areas), pick(areas)])],
          barAdmissions: [...new Set([pick(['NY', 'NJ', 'PA', 'CT']), pick(['NY', 'NJ'])])],
        });
      }
      for (let i = 0; i < 15; i++) {
        const { caseId } = await f.seekingCase({
          caseType: pick(areas),
          child: {
            primaryLanguage: pick(languages),
            otherLanguages: random() < 0.5 ? [pick(languages)] : [],
            address: { street: '1 Main St', zip: pick(zips) },
          },
        });
        caseIds.push(caseId);
      }
      // Some load and experience to score.
      await f.query(
        `UPDATE attorneys SET matters_by_type = ARRAY[(random() * 5)::int, (random() * 3)::int, (random() * 4)::int, 0, 1, 0]`,
      );
      context = await f.t.app.get(OffersService).rankingContext(new Date());
    });

    it('scores every returned row exactly as scoreCandidate does, and explains it the same way via the API', async () => {
      const db = typeormDb(f.db);
      let compared = 0;
      for (const caseId of caseIds) {
        const [facts] = await loadCaseFacts(db, [caseId], context.now);
        const rows = await candidateRowsForCase(db, facts, context, { limit: 100, exhaustive: true });
        const api = (await f.candidates(caseId, 100).expect(200)).body.items as Candidate[];
        expect(api.map((c) => c.attorneyId)).toEqual(rows.map((r) => r.id));
        rows.forEach((row, i) => {
          const pure = scoreCandidate(caseProfile(facts), candidateProfile(row, facts.caseType), {
            now: context.now,
            languageNames: context.languageNames,
            options: context.settings.options,
          });
          expect(pure.eligible).toBe(true);
          expect(pure.score).toBe(row.score);
          expect(api[i].score).toBe(pure.score);
          expect(api[i].summary).toBe(pure.summary);
          expect(api[i].factors.map((x) => x.points)).toEqual(pure.factors.map((x) => x.points));
          compared++;
        });
      }
      expect(compared).toBeGreaterThan(100);
    });

    it('finds the same ranking as scoring every attorney in memory', async () => {
      const db = typeormDb(f.db);
      const all = await f.query<{ id: string; org: boolean }>(
        `SELECT a.id, $1 = ANY (a.organization_ids) AS org FROM attorneys a`,
        [f.coordinator.organizationId],
      );
      for (const caseId of caseIds) {
        const [facts] = await loadCaseFacts(db, [caseId], context.now);
        // Every attorney's row, measured by the database, scored by the pure code.
        const profiles: AttorneyMatchProfile[] = [];
        for (const { id, org } of all) {
          if (!org) continue;
          const q = attorneyRowQuery(caseParameters(facts, context.settings.options), id, {
            options: context.settings.options,
            now: context.now,
            fairnessSince: new Date(context.now.getTime() - context.settings.fairnessWindowDays * 86_400_000),
          });
          const rows = await db.query<CandidateRow>(q.text, q.values);
          profiles.push(candidateProfile(rows[0], facts.caseType));
        }
        const expected = rankCandidates(caseProfile(facts), profiles, {
          now: context.now,
          languageNames: context.languageNames,
          options: context.settings.options,
        });
        for (const limit of [1, 3, 10, 100]) {
          const pruned = await candidateRowsForCase(db, facts, context, { limit });
          expect(pruned.map((r) => [r.id, r.score])).toEqual(
            expected.slice(0, limit).map((c) => [c.attorneyId, c.score]),
          );
        }
      }
    });

    it('ranks a whole queue in one statement exactly as case by case', async () => {
      const settings = f.t.app.get<MatchingSettings>(MATCHING_SETTINGS);
      const db = typeormDb(f.db);
      for (const k of [1, 3, 10]) {
        const built = await buildPlanInput(
          db,
          f.coordinator.organizationId!,
          { ...context, settings },
          { k, chunkSize: 4 },
        );
        for (const caseId of caseIds) {
          const [facts] = await loadCaseFacts(db, [caseId], context.now);
          if (facts.status !== 'seeking_counsel') continue;
          const single = await candidateRowsForCase(db, facts, context, { limit: k });
          expect(built.rows.get(caseId)!.map((r) => [r.id, r.score])).toEqual(
            single.map((r) => [r.id, r.score]),
          );
          for (const row of built.rows.get(caseId)!) {
            const full = single.find((s) => s.id === row.id)!;
            expect(explainRow(facts, { ...full, ...row }, context).score).toBe(row.score);
          }
        }
      }
    });

    it('keeps organization_ids equal to the memberships (trigger)', async () => {
      const drift = await f.query(
        `SELECT a.id FROM attorneys a
         WHERE a.organization_ids::text[] IS DISTINCT FROM ARRAY(
                 SELECT m.organization_id::text FROM attorney_organizations m WHERE m.attorney_id = a.id
                 ORDER BY array_position(a.organization_ids, m.organization_id))
            OR cardinality(a.organization_ids) <> (SELECT count(*) FROM attorney_organizations m WHERE m.attorney_id = a.id)`,
      );
      expect(drift).toEqual([]);
    });
  });
});
