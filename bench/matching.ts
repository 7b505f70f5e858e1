/**
 * Matching benchmark: 20,000 attorneys and 5,000 open cases (generated, deterministic) in a fresh embedded
 * PostgreSQL, then
 *   1. candidates per case, as GET /cases/:id/candidates computes them (the case's facts, eligibility and ranking
 *      in SQL with indexes, explanations by the pure scoring code), against a brute-force baseline in the same
 *      run (load every attorney with its experience and recent load, score each with the pure code, keep the
 *      best): p50/p95 and the ratio, with checks that the pruned query, the exhaustive query and the brute force
 *      agree;
 *   2. the assignment plan for the whole open queue (candidates of every case from the queue query, then the exact
 *      min-cost-flow planner) beside the greedy baseline: time, total score, cases covered, urgent covered.
 *
 * The default is one organization holding every case and every attorney (the hardest case for the candidate
 * query: no organization narrows the pool); `--orgs 10` spreads them over regional programs.
 *
 * Run: npm run bench:matching [-- --attorneys 20000 --cases 5000 --orgs 1 --samples 300 --baseline-samples 40
 *                                --k 10 --seed 7 --keep | --generate-only]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { createPool } from '../src/database/pool';
import { prepareDatabase } from '../src/database/prepare-database';
import { CaseFacts, caseProfile, loadCaseFacts } from '../src/matching/candidates/case-facts';
import { CandidateRow } from '../src/matching/candidates/candidate-sql';
import {
  RankingContext,
  candidateRowsForCase,
  explainRow,
  loadLanguageNames,
} from '../src/matching/candidates/ranking';
import { Db, poolDb } from '../src/database/sql';
import { MatchingSettings } from '../src/matching/matching-settings';
import { AssignmentPlan, greedyPlan, planAssignments } from '../src/matching/planning';
import { buildPlanInput } from '../src/matching/plans/plan-input';
import {
  AttorneyMatchProfile,
  CASE_TYPES,
  CaseType,
  DEFAULT_MATCHING_OPTIONS,
  LANGUAGE_PROFICIENCIES,
  LanguageProficiency,
  rankCandidates,
  resolveMatchingOptions,
} from '../src/matching/scoring';
import { localDateOf } from '../src/time';

const DAY_MS = 86_400_000;

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

/** mulberry32: small, fast, seeded; the same seed gives the same data on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Metro {
  code: string;
  state: string;
  lat: number;
  lon: number;
  weight: number;
}

const STATES = ['CA', 'TX', 'NY', 'FL', 'NJ', 'IL', 'MA', 'MD', 'VA', 'GA', 'WA', 'CO', 'AZ', 'PA', 'NC'];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

/** Inserts rows given as parallel arrays with one `INSERT ... SELECT FROM unnest(...)` per chunk. */
async function bulkInsert(
  pool: Pool,
  table: string,
  columns: [name: string, type: string][],
  rows: unknown[][],
  chunk = 5000,
): Promise<void> {
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const arrays = columns.map((_, i) => part.map((r) => r[i]));
    // Arrays of arrays (text[] columns) travel as JSON and are unpacked per row.
    const select = columns
      .map(([name, type], i) =>
        type.endsWith('[]')
          ? `ARRAY(SELECT jsonb_array_elements_text(c${i}))::${type} AS ${name}`
          : `c${i}::${type} AS ${name}`,
      )
      .join(', ');
    const unnest = columns
      .map(([, type], i) => `$${i + 1}::${type.endsWith('[]') || type === 'jsonb' ? 'jsonb' : type}[]`)
      .join(', ');
    const aliases = columns.map((_, i) => `c${i}`).join(', ');
    const values = arrays.map((values, i) =>
      columns[i][1].endsWith('[]') || columns[i][1] === 'jsonb'
        ? values.map((v) => JSON.stringify(v))
        : values,
    );
    await pool.query(
      `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')})
       SELECT ${select} FROM unnest(${unnest}) AS u(${aliases})`,
      values,
    );
  }
}

interface Generated {
  organizationIds: string[];
  openCases: number;
}

async function generate(
  pool: Pool,
  options: { attorneys: number; cases: number; orgs: number; seed: number },
): Promise<Generated> {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;
  const weighted = <T>(entries: readonly [T, number][]): T => {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = random() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r <= 0) return value;
    }
    return entries[entries.length - 1][0];
  };
  const gaussian = () => {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  const near = (metro: Metro, sdMiles: number) => {
    const dLat = (gaussian() * sdMiles) / 69;
    const dLon = (gaussian() * sdMiles) / (69 * Math.cos((metro.lat * Math.PI) / 180));
    return { lat: metro.lat + dLat, lon: metro.lon + dLon };
  };

  const courtRows = (
    await pool.query<{ code: string; state: string; latitude: number; longitude: number }>(
      `SELECT code, rtrim(state) AS state, latitude, longitude FROM courts
       WHERE status = 'active' AND NOT detained ORDER BY code`,
    )
  ).rows;
  // A few metros take most of the work (Zipf-like weights in a seeded order).
  const metros: Metro[] = courtRows
    .map((c) => ({
      code: c.code,
      state: c.state,
      lat: c.latitude,
      lon: c.longitude,
      weight: 0,
      key: random(),
    }))
    .sort((a, b) => a.key - b.key)
    .map((m, rank) => ({
      code: m.code,
      state: m.state,
      lat: m.lat,
      lon: m.lon,
      weight: 1 / (rank + 1) ** 0.8,
    }));
  const pickMetro = () => weighted(metros.map((m) => [m, m.weight] as [Metro, number]));

  const organizationIds = Array.from({ length: options.orgs }, () => uuid());
  await bulkInsert(
    pool,
    'organizations',
    [
      ['id', 'uuid'],
      ['name', 'text'],
    ],
    organizationIds.map((id, i) => [id, `Bench Program ${i + 1}`]),
  );
  const orgOfMetro = new Map(metros.map((m, i) => [m.code, organizationIds[i % organizationIds.length]]));

  // Attorneys with their user accounts.
  const userRows: unknown[][] = [];
  const attorneyRows: unknown[][] = [];
  const membershipRows: unknown[][] = [];
  const attorneyIds: string[] = [];
  const capacities: number[] = [];
  const attorneyOrgs: string[][] = [];
  const radii = [10, 15, 20, 25, 25, 30, 40, 50, 50, 75, 100];
  const attorneyLanguages: [string, number][] = [
    ['spa', 0.55],
    ['por', 0.05],
    ['fra', 0.06],
    ['hat', 0.02],
    ['quc', 0.01],
    ['mam', 0.01],
    ['kjb', 0.005],
    ['ara', 0.02],
    ['cmn', 0.02],
    ['rus', 0.02],
  ];
  const proficiency = (): LanguageProficiency =>
    weighted(LANGUAGE_PROFICIENCIES.map((p, i) => [p, [3, 4, 2, 3][i]] as [LanguageProficiency, number]));
  const areaShare: Record<CaseType, number> = {
    removal_defense: 0.7,
    asylum: 0.6,
    sijs: 0.45,
    t_visa: 0.15,
    u_visa: 0.2,
    other: 0.1,
  };
  for (let i = 0; i < options.attorneys; i++) {
    const userId = uuid();
    const id = uuid();
    const metro = pickMetro();
    const office = near(metro, chance(0.9) ? 12 : 40);
    const languages: { code: string; proficiency: LanguageProficiency }[] = [
      { code: 'eng', proficiency: chance(0.9) ? 'native' : 'fluent' },
    ];
    for (const [code, share] of attorneyLanguages)
      if (chance(share)) languages.push({ code, proficiency: proficiency() });
    let areas = CASE_TYPES.filter((t) => chance(areaShare[t]));
    if (areas.length === 0) areas = [pick(CASE_TYPES)];
    const bar = chance(0.95) ? [metro.state] : [pick(STATES)];
    if (chance(0.2)) bar.push(pick(STATES));
    const capacity = 1 + Math.floor(random() * 10);
    userRows.push([userId, `bench-${i}@bench.amparo`, `Bench Attorney ${i}`, 'attorney', 'x']);
    attorneyRows.push([
      id,
      userId,
      [...new Set(bar)],
      languages,
      languages.map((l) => l.code),
      areas,
      metro.state,
      office.lat,
      office.lon,
      pick(radii),
      chance(0.3),
      capacity,
      chance(0.05) ? new Date(Date.now() + 30 * DAY_MS) : null,
      !chance(0.03),
    ]);
    attorneyIds.push(id);
    capacities.push(capacity);
    const home = orgOfMetro.get(metro.code)!;
    const memberships = [home];
    if (organizationIds.length > 1 && chance(0.15)) {
      const other = pick(organizationIds);
      if (other !== home) memberships.push(other);
    }
    for (const org of memberships) membershipRows.push([id, org]);
    attorneyOrgs.push(memberships);
  }
  // Children with sponsors, open cases (seeking counsel) and a history of closed and represented cases.
  const childLanguages: [string, number][] = [
    ['spa', 62],
    ['quc', 8],
    ['mam', 8],
    ['kjb', 4],
    ['por', 4],
    ['hat', 3],
    ['fra', 2],
    ['eng', 2],
    ['ara', 1],
    ['tir', 1],
    ['prs', 1],
    ['cmn', 1],
    ['cac', 2],
    ['ixl', 1],
  ];
  const mayan = new Set(['quc', 'mam', 'kjb', 'cac', 'ixl']);
  const caseTypes: [CaseType, number][] = [
    ['removal_defense', 40],
    ['asylum', 25],
    ['sijs', 25],
    ['t_visa', 3],
    ['u_visa', 4],
    ['other', 3],
  ];
  const history = Math.round(options.cases * 2);
  const childRows: unknown[][] = [];
  const sponsorRows: unknown[][] = [];
  const caseRows: unknown[][] = [];
  const hearingRows: unknown[][] = [];
  const offerRows: unknown[][] = [];
  const openMatters = new Array<number>(attorneyIds.length).fill(0);
  const mattersByType = attorneyIds.map(() => CASE_TYPES.map(() => 0));
  const today = Date.now();
  for (let i = 0; i < options.cases + history; i++) {
    const open = i < options.cases;
    const childId = uuid();
    const metro = pickMetro();
    const org = orgOfMetro.get(metro.code)!;
    const home = chance(0.97) ? near(metro, 15) : null;
    const primary = weighted(childLanguages);
    const others = mayan.has(primary) && chance(0.7) ? ['spa'] : [];
    const ageDays = Math.floor((6 + random() * 12) * 365.25);
    const dob = localDateOf(new Date(today - ageDays * DAY_MS), 'UTC');
    const release = localDateOf(new Date(today - Math.floor(random() * 300) * DAY_MS), 'UTC');
    childRows.push([
      childId,
      org,
      'Bench',
      `Child ${i}`,
      dob,
      'GT',
      'x',
      `idx-${i}`,
      primary,
      others,
      release > dob ? release : localDateOf(new Date(today), 'UTC'),
      metro.state,
      home?.lat ?? null,
      home?.lon ?? null,
    ]);
    sponsorRows.push([
      childId,
      'Bench',
      'Sponsor',
      1 + Math.floor(random() * 3),
      mayan.has(primary) ? (chance(0.7) ? 'spa' : primary) : primary,
    ]);
    const caseId = uuid();
    const type = weighted(caseTypes);
    if (open) {
      caseRows.push([caseId, childId, org, type, metro.code, 'seeking_counsel', null, null]);
      if (chance(0.35)) {
        const startsAt = new Date(today + (1 + Math.floor(random() * 240)) * DAY_MS + 15 * 3600_000);
        hearingRows.push([caseId, metro.code, metro.code, 'master', startsAt, 'America/New_York']);
      }
    } else {
      const a = Math.floor(random() * attorneyIds.length);
      const represented = openMatters[a] < capacities[a] - 1 && chance(0.2);
      if (represented) openMatters[a]++;
      mattersByType[a][CASE_TYPES.indexOf(type)]++;
      caseRows.push([
        caseId,
        childId,
        org,
        type,
        metro.code,
        represented ? 'represented' : 'closed',
        attorneyIds[a],
        represented ? null : new Date(today - Math.floor(random() * 700) * DAY_MS),
      ]);
      // Offers over the last six months, for load fairness.
      const offered = new Date(today - Math.floor(random() * 180) * DAY_MS);
      const status = represented
        ? 'accepted'
        : weighted<string>([
            ['accepted', 2],
            ['declined', 2],
            ['expired', 1],
          ]);
      offerRows.push([
        caseId,
        attorneyIds[a],
        org,
        status,
        'named',
        50,
        {},
        new Date(offered.getTime() + 3 * DAY_MS),
        status === 'declined' ? 'no capacity this month' : null,
        status === 'expired' ? null : new Date(offered.getTime() + DAY_MS),
        new Date(offered.getTime() + DAY_MS),
        offered,
      ]);
    }
  }
  // Bulk load: the derived attorney columns (organization_ids, open_matters, matters_by_type) are written
  // directly, with the triggers that keep them off for the load (as a restore would do).
  await pool.query('ALTER TABLE attorney_organizations DISABLE TRIGGER USER');
  await pool.query('ALTER TABLE cases DISABLE TRIGGER USER');
  await bulkInsert(
    pool,
    'users',
    [
      ['id', 'uuid'],
      ['email', 'citext'],
      ['display_name', 'text'],
      ['role', 'text'],
      ['password_hash', 'text'],
    ],
    userRows,
  );
  await bulkInsert(
    pool,
    'attorneys',
    [
      ['id', 'uuid'],
      ['user_id', 'uuid'],
      ['bar_admissions', 'text[]'],
      ['languages', 'jsonb'],
      ['language_codes', 'text[]'],
      ['practice_areas', 'text[]'],
      ['office_state', 'char(2)'],
      ['latitude', 'float8'],
      ['longitude', 'float8'],
      ['travel_radius_miles', 'int'],
      ['remote_ok', 'boolean'],
      ['capacity', 'int'],
      ['paused_until', 'timestamptz'],
      ['active', 'boolean'],
      ['organization_ids', 'uuid[]'],
      ['open_matters', 'int'],
      ['matters_by_type', 'int[]'],
    ],
    attorneyRows.map((row, i) => [...row, attorneyOrgs[i], openMatters[i], mattersByType[i]]),
  );
  await bulkInsert(
    pool,
    'attorney_organizations',
    [
      ['attorney_id', 'uuid'],
      ['organization_id', 'uuid'],
    ],
    membershipRows,
  );

  await bulkInsert(
    pool,
    'children',
    [
      ['id', 'uuid'],
      ['organization_id', 'uuid'],
      ['first_name', 'text'],
      ['last_name', 'text'],
      ['date_of_birth', 'date'],
      ['country_of_birth', 'char(2)'],
      ['a_number_enc', 'text'],
      ['a_number_index', 'text'],
      ['primary_language', 'char(3)'],
      ['other_languages', 'text[]'],
      ['release_date', 'date'],
      ['state', 'char(2)'],
      ['latitude', 'float8'],
      ['longitude', 'float8'],
    ],
    childRows,
  );
  await bulkInsert(
    pool,
    'sponsors',
    [
      ['child_id', 'uuid'],
      ['first_name', 'text'],
      ['last_name', 'text'],
      ['relationship_category', 'smallint'],
      ['preferred_language', 'char(3)'],
    ],
    sponsorRows,
  );
  await bulkInsert(
    pool,
    'cases',
    [
      ['id', 'uuid'],
      ['child_id', 'uuid'],
      ['organization_id', 'uuid'],
      ['case_type', 'text'],
      ['court_code', 'text'],
      ['status', 'text'],
      ['attorney_id', 'uuid'],
      ['closed_at', 'timestamptz'],
    ],
    caseRows,
  );
  await bulkInsert(
    pool,
    'hearings',
    [
      ['case_id', 'uuid'],
      ['court_code', 'text'],
      ['location_court_code', 'text'],
      ['hearing_type', 'text'],
      ['starts_at', 'timestamptz'],
      ['time_zone', 'text'],
    ],
    hearingRows,
  );
  await bulkInsert(
    pool,
    'offers',
    [
      ['case_id', 'uuid'],
      ['attorney_id', 'uuid'],
      ['organization_id', 'uuid'],
      ['status', 'text'],
      ['source', 'text'],
      ['rank_score', 'float8'],
      ['explanation', 'jsonb'],
      ['expires_at', 'timestamptz'],
      ['decline_reason', 'text'],
      ['responded_at', 'timestamptz'],
      ['ended_at', 'timestamptz'],
      ['created_at', 'timestamptz'],
    ],
    offerRows,
  );
  await pool.query('ALTER TABLE attorney_organizations ENABLE TRIGGER USER');
  await pool.query('ALTER TABLE cases ENABLE TRIGGER USER');
  await pool.query('VACUUM ANALYZE');
  return { organizationIds, openCases: options.cases };
}

interface BaselineAttorney {
  id: string;
  display_name: string;
  active: boolean;
  paused_until: Date | null;
  capacity: number;
  open_matters: number;
  practice_areas: CaseType[];
  bar_admissions: string[];
  languages: { code: string; proficiency: LanguageProficiency }[];
  latitude: number | null;
  longitude: number | null;
  travel_radius_miles: number;
  remote_ok: boolean;
  organization_ids: string[];
  experience: number;
  recent: number;
}

/** The brute force: every attorney loaded from the database, scored in memory by the pure code. */
async function bruteForceTop(
  db: Db,
  facts: CaseFacts,
  context: RankingContext,
  limit: number,
): Promise<{ attorneyId: string; score: number }[]> {
  const since = new Date(context.now.getTime() - context.settings.fairnessWindowDays * DAY_MS);
  const attorneys = await db.query<BaselineAttorney>(
    `SELECT a.id, u.display_name, a.active, a.paused_until, a.capacity, a.open_matters, a.practice_areas,
            a.bar_admissions, a.languages, a.latitude, a.longitude, a.travel_radius_miles, a.remote_ok,
            ARRAY(SELECT m.organization_id FROM attorney_organizations m WHERE m.attorney_id = a.id) AS organization_ids,
            COALESCE(e.n, 0)::int AS experience, COALESCE(r.n, 0)::int AS recent
     FROM attorneys a
     JOIN users u ON u.id = a.user_id
     LEFT JOIN (SELECT attorney_id, count(*) AS n FROM cases
                WHERE case_type = $1 AND status IN ('represented', 'closed') AND attorney_id IS NOT NULL
                GROUP BY attorney_id) e ON e.attorney_id = a.id
     LEFT JOIN (SELECT attorney_id, count(*) AS n FROM (
                  SELECT attorney_id FROM offers WHERE created_at > $2
                  UNION ALL SELECT attorney_id FROM offers WHERE status = 'accepted' AND responded_at > $2) x
                GROUP BY attorney_id) r ON r.attorney_id = a.id`,
    [facts.caseType, since],
  );
  const profiles: AttorneyMatchProfile[] = attorneys
    .filter((a) => a.organization_ids.includes(facts.organizationId))
    .map((a) => ({
      id: a.id,
      active: a.active,
      pausedUntil: a.paused_until,
      capacity: a.capacity,
      openMatters: a.open_matters,
      practiceAreas: a.practice_areas,
      barAdmissions: a.bar_admissions,
      languages: a.languages,
      officeLocation:
        a.latitude !== null && a.longitude !== null ? { lat: a.latitude, lon: a.longitude } : null,
      travelRadiusMiles: a.travel_radius_miles,
      remoteOk: a.remote_ok,
      experienceByCaseType: { [facts.caseType]: a.experience },
      recentOffersAndAssignments: a.recent,
    }));
  return rankCandidates(caseProfile(facts), profiles, {
    now: context.now,
    languageNames: context.languageNames,
    options: context.settings.options,
  })
    .slice(0, limit)
    .map((c) => ({ attorneyId: c.attorneyId, score: c.score }));
}

function describePlan(name: string, plan: AssignmentPlan, millis: number): string {
  return (
    `${name.padEnd(22)} ${ms(millis).padStart(12)}   total score ${plan.totalScore.toFixed(1).padStart(10)}` +
    `   covered ${String(plan.casesCovered).padStart(5)}/${plan.casesTotal}` +
    `   urgent covered ${plan.urgentCovered}/${plan.urgentTotal}`
  );
}

async function main(): Promise<void> {
  const attorneys = argument('attorneys', 20_000);
  const cases = argument('cases', 5_000);
  const orgs = argument('orgs', 1);
  const samples = argument('samples', 300);
  const baselineSamples = argument('baseline-samples', 40);
  const k = argument('k', 10);
  const seed = argument('seed', 7);
  const keep = process.argv.includes('--keep') || process.argv.includes('--generate-only');

  const dataDir = mkdtempSync(join(tmpdir(), 'amparo-bench-matching-'));
  const server = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg') });
  const pool = createPool({ connectionString: server.url, max: 4 });
  const db: Db = poolDb(pool);
  try {
    await prepareDatabase(server.url, { runMigrations: true });
    let started = Date.now();
    const generated = await generate(pool, { attorneys, cases, orgs, seed });
    console.log(
      `generated ${attorneys.toLocaleString('en-US')} attorneys, ${cases.toLocaleString('en-US')} open cases ` +
        `(+${(cases * 2).toLocaleString('en-US')} closed/represented with offers history), ${orgs} organization(s) ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s; PostgreSQL ${server.url.replace(/:[^:@/]*@/, ':***@')}`,
    );

    if (process.argv.includes('--generate-only')) return;

    const settings: MatchingSettings = {
      options: resolveMatchingOptions({ weights: DEFAULT_MATCHING_OPTIONS.weights }),
      fairnessWindowDays: 90,
      urgentWithinDays: 30,
      planCandidatesPerCase: k,
    };
    const now = new Date();
    const context: RankingContext = { settings, now, languageNames: await loadLanguageNames(db) };

    const random = seededRandom(seed + 1);
    const openIds = (
      await pool.query<{ id: string }>(`SELECT id FROM cases WHERE status = 'seeking_counsel' ORDER BY id`)
    ).rows.map((r) => r.id);
    const sample = Array.from(
      { length: Math.min(samples, openIds.length) },
      () => openIds[Math.floor(random() * openIds.length)],
    );

    // Warm up caches and plans.
    for (const id of sample.slice(0, 20)) {
      const [facts] = await loadCaseFacts(db, [id], now);
      await candidateRowsForCase(db, facts, context, { limit: k });
    }

    // 1. Candidates per case, as GET /cases/:id/candidates does it (facts, SQL ranking, explanations).
    const sqlTimes: number[] = [];
    const factTimes: number[] = [];
    const results = new Map<string, { facts: CaseFacts; rows: CandidateRow[] }>();
    for (const id of sample) {
      const t0 = performance.now();
      const [facts] = await loadCaseFacts(db, [id], now);
      factTimes.push(performance.now() - t0);
      const rows = await candidateRowsForCase(db, facts, context, { limit: k });
      rows.map((row) => explainRow(facts, row, context));
      sqlTimes.push(performance.now() - t0);
      results.set(id, { facts, rows });
    }

    // Same answers as the exhaustive query (no pruning) and as the pure code on the same rows.
    let mismatches = 0;
    let scoreDrift = 0;
    for (const { facts, rows } of results.values()) {
      const full = await candidateRowsForCase(db, facts, context, { limit: k, exhaustive: true });
      if (full.map((r) => `${r.id}:${r.score}`).join() !== rows.map((r) => `${r.id}:${r.score}`).join())
        mismatches++;
      for (const row of rows)
        scoreDrift = Math.max(scoreDrift, Math.abs(explainRow(facts, row, context).score - row.score));
    }

    // Brute force on part of the sample (it is slow), checking it finds the same candidates.
    const baselineTimes: number[] = [];
    let agree = 0;
    for (const id of sample.slice(0, baselineSamples)) {
      const t0 = performance.now();
      const [facts] = await loadCaseFacts(db, [id], now);
      const top = await bruteForceTop(db, facts, context, k);
      baselineTimes.push(performance.now() - t0);
      const rows = results.get(id)!.rows;
      const same =
        top.length === rows.length &&
        top.every((t, i) => t.attorneyId === rows[i].id && Math.abs(t.score - rows[i].score) < 1e-6);
      if (same) agree++;
    }

    sqlTimes.sort((a, b) => a - b);
    baselineTimes.sort((a, b) => a - b);
    const sqlP50 = percentile(sqlTimes, 50);
    const sqlP95 = percentile(sqlTimes, 95);
    const baseP50 = percentile(baselineTimes, 50);
    const baseP95 = percentile(baselineTimes, 95);
    const counts = [...results.values()].map((r) => r.rows.length);
    console.log('');
    console.log(
      `candidates per case (top ${k}, ${sample.length} cases; brute force on ${baselineTimes.length}):`,
    );
    console.log(
      `  database (SQL + indexes)   p50 ${ms(sqlP50).padStart(10)}   p95 ${ms(sqlP95).padStart(10)}   max ${ms(sqlTimes[sqlTimes.length - 1])}`,
    );
    factTimes.sort((a, b) => a - b);
    console.log(
      `    (of which loading the case's facts: p50 ${ms(percentile(factTimes, 50))}, p95 ${ms(percentile(factTimes, 95))})`,
    );
    console.log(
      `  brute-force scan           p50 ${ms(baseP50).padStart(10)}   p95 ${ms(baseP95).padStart(10)}`,
    );
    console.log(
      `  ratio scan / database      p50 ${(baseP50 / sqlP50).toFixed(1)}x   p95 ${(baseP95 / sqlP95).toFixed(1)}x`,
    );
    console.log(
      `  checks: exhaustive SQL = pruned SQL on ${sample.length - mismatches}/${sample.length} cases; ` +
        `brute force = SQL on ${agree}/${baselineTimes.length}; max |SQL score - pure score| = ${scoreDrift}; ` +
        `cases with < ${k} candidates: ${counts.filter((c) => c < k).length}`,
    );

    // 2. The assignment plan for every organization's open queue.
    console.log('');
    console.log(
      `assignment plan (top ${k} candidates per case, objective cover_most_cases, urgent = within 30 days):`,
    );
    let planChecked = 0;
    let planMismatches = 0;
    let rankedAlone = 0;
    let candidatesMillis = 0;
    let solveMillis = 0;
    let greedyMillis = 0;
    const totals = { plan: [] as AssignmentPlan[], greedy: [] as AssignmentPlan[] };
    for (const organizationId of generated.organizationIds) {
      started = performance.now();
      const built = await buildPlanInput(db, organizationId, context, { k });
      candidatesMillis += performance.now() - started;
      rankedAlone += built.rankedAlone;
      for (const id of sample.slice(0, 50)) {
        const planned = built.rows.get(id);
        const single = results.get(id);
        if (!planned || !single) continue;
        planChecked++;
        if (
          planned.map((r) => `${r.id}:${r.score}`).join() !==
          single.rows.map((r) => `${r.id}:${r.score}`).join()
        ) {
          planMismatches++;
        }
      }
      started = performance.now();
      totals.plan.push(planAssignments(built.input, { urgentWithinDays: settings.urgentWithinDays }));
      solveMillis += performance.now() - started;
      started = performance.now();
      totals.greedy.push(greedyPlan(built.input, { urgentWithinDays: settings.urgentWithinDays }));
      greedyMillis += performance.now() - started;
    }
    const sum = (plans: AssignmentPlan[]): AssignmentPlan => ({
      pairs: [],
      uncoveredCaseIds: [],
      totalScore: plans.reduce((s, p) => s + p.totalScore, 0),
      casesCovered: plans.reduce((s, p) => s + p.casesCovered, 0),
      casesTotal: plans.reduce((s, p) => s + p.casesTotal, 0),
      urgentCovered: plans.reduce((s, p) => s + p.urgentCovered, 0),
      urgentTotal: plans.reduce((s, p) => s + p.urgentTotal, 0),
    });
    const plan = sum(totals.plan);
    const greedy = sum(totals.greedy);
    console.log(
      `  candidates for the queue (SQL)  ${ms(candidatesMillis)} (${rankedAlone} cases ranked alone; ` +
        `same as the single-case query on ${planChecked - planMismatches}/${planChecked} sampled cases)`,
    );
    console.log(`  ${describePlan('min-cost flow (exact)', plan, solveMillis)}`);
    console.log(`  ${describePlan('greedy baseline', greedy, greedyMillis)}`);
    console.log(
      `  plan end to end (candidates + solve) ${ms(candidatesMillis + solveMillis)}; ` +
        `total score plan / greedy ${(plan.totalScore / greedy.totalScore).toFixed(4)}x, ` +
        `covered ${plan.casesCovered - greedy.casesCovered >= 0 ? '+' : ''}${plan.casesCovered - greedy.casesCovered}, ` +
        `urgent covered ${plan.urgentCovered - greedy.urgentCovered >= 0 ? '+' : ''}${plan.urgentCovered - greedy.urgentCovered}`,
    );
    console.log('');
    const targets = [
      [`candidates p95 ${ms(sqlP95)} <= 15 ms`, sqlP95 <= 15],
      [`candidates >= 20x the scan (p50 ${(baseP50 / sqlP50).toFixed(1)}x)`, baseP50 / sqlP50 >= 20],
      [`plan ${ms(candidatesMillis + solveMillis)} <= 10 s`, candidatesMillis + solveMillis <= 10_000],
      ['plan total score >= greedy', plan.totalScore >= greedy.totalScore - 1e-9],
    ] as const;
    for (const [label, ok] of targets) console.log(`  ${ok ? 'met    ' : 'NOT met'}  ${label}`);
  } finally {
    await pool.end();
    await server.stop();
    if (keep) console.log(`data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
