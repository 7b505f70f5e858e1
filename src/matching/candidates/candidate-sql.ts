// The candidate queries: eligibility and ranking of attorneys, done in PostgreSQL with indexes.
//
// They mirror src/matching/scoring exactly (the SQL predicate in eligibility.ts, the factor formulas in
// ranking-factors.ts), with the same floating-point operations in the same order, so the score they rank by
// is bit-for-bit the score `scoreCandidate` computes from the same row (test/integration/matching checks it).
// The explanation is then built by `scoreCandidate` itself from the returned rows (candidateProfile).
//
// Columns the migration 1764600000000-offers adds to `attorneys` for this: earth_location
// (= ll_to_earth(latitude, longitude), stored), reach (earth_box of the travel radius around the office,
// stored; a partial GiST index per practice area), language_tokens (`code:proficiency`; GIN for remote
// attorneys), language_map ({code: proficiency}), organization_ids (kept from attorney_organizations by a
// trigger) and matters_by_type (represented or closed matters per case type, kept from cases by a trigger).
//
// Eligible attorneys come from disjoint branches, each with the whole eligibility predicate:
//   in person: `reach @> service point` on the case type's GiST index (the attorneys whose radius box holds
//              the point), then the exact distance test against the attorney's own radius;
//   remote:    remote_ok attorneys not within their radius, by the language tokens they share with the case
//              (partial GIN indexes on remote, active attorneys).
// Each is split by language: the attorneys with the strongest tokens of the case's languages are always read;
// the rest only when their best possible score can still reach the top K. Practice area and organization are
// filters there, written so no index is tried for them (a bitmap over all attorneys of a practice area costs
// more than it saves).
//
// The score is language + distance + capacity + experience + fairness points. All but fairness come from
// columns of the row (the prefix); fairness needs two index probes (offers_attorney_idx,
// offers_attorney_accepted_idx). Exact pruning: the query takes the best prefixes, scores a few fully and
// keeps the K-th best full score T, which is at most the true K-th best. An attorney whose prefix + fairness
// weight is below T cannot reach the top K (floating-point addition is monotone, so the bound holds on the
// computed numbers), and a branch whose best possible score is below T is not read at all. The answer is the
// same as scoring every eligible attorney (`exhaustive: true` does that; tests compare the two).
//
// `candidateQuery` ranks one case (custom plan). `queueCandidatesQuery` ranks many cases of one case type in
// one statement planned once: remote candidates do not depend on where the child lives, so they are ranked
// once per class of cases (organization, case type, languages, SIJS state) into a list of the best M, and each
// case takes the entries of its class list that are not declined and not within radius (those are found in
// person); when too few remain from a full list, that case is ranked again with a longer list, then alone
// (see plans/plan-input.ts).

import { MatchingOptions } from '../scoring/matching-options';
import {
  AttorneyLanguage,
  AttorneyMatchProfile,
  CASE_TYPES,
  CaseType,
  LANGUAGE_PROFICIENCIES,
  LanguageProficiency,
} from '../scoring/matching-profiles';

/** One case to rank attorneys for. */
export interface CaseParameters {
  caseId: string;
  organizationId: string;
  caseType: CaseType;
  childPrimaryLanguage: string;
  childOtherLanguages: readonly string[];
  sponsorLanguage: string | null;
  childState: string | null;
  /** The service point (child's home, or court for removal defense when configured); null if unknown. */
  serviceLatitude: number | null;
  serviceLongitude: number | null;
  declinedByAttorneyIds: readonly string[];
  /** Skipped as well (e.g. "next best" skips attorneys already holding or having let lapse an offer). */
  excludedAttorneyIds: readonly string[];
}

export interface CandidateQueryOptions {
  options: MatchingOptions;
  now: Date;
  /** Offers and assignments after this instant count for load fairness. */
  fairnessSince: Date;
  /** Candidates to return (per case). */
  limit: number;
  /** Score every eligible attorney, without pruning (the reference for tests and the bench). */
  exhaustive?: boolean;
}

/** A row of the candidate query: the attorney's matching facts plus what the database measured and scored. */
export interface CandidateRow {
  id: string;
  user_id: string;
  display_name: string;
  active: boolean;
  paused_until: Date | null;
  capacity: number;
  open_matters: number;
  practice_areas: CaseType[];
  bar_admissions: string[];
  languages: AttorneyLanguage[];
  latitude: number | null;
  longitude: number | null;
  travel_radius_miles: number;
  remote_ok: boolean;
  /** Miles to the service point (earthdistance), null when either location is unknown. */
  distance_miles: number | null;
  /** Matters of the case's type represented or closed before. */
  experience: number;
  /** Offers plus assignments in the fairness window. */
  recent: number;
  score: number;
}

/** A row of the queue query: a case's candidate, without the attorney's profile columns. */
export interface QueueCandidateRow {
  case_id: string;
  id: string;
  distance_miles: number | null;
  experience: number;
  recent: number;
  score: number;
  /** Remote entries of the class list left for this case, and the list's length. */
  remote_count: number;
  list_size: number;
}

/**
 * Positional parameters with explicit casts, so PostgreSQL never has to guess a type. `add` returns the
 * placeholder at once; `lazy` returns a marker that becomes a placeholder only if it is still in the text
 * `finish` receives (parts of a query built and then left out must not leave unused parameters behind).
 */
export class SqlParams {
  readonly values: unknown[];
  private readonly pending = new Map<string, { value: unknown; cast: string }>();

  /** `initial`: parameters already used by a query this one extends ($1..$n). */
  constructor(initial: readonly unknown[] = []) {
    this.values = [...initial];
  }

  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }

  lazy(value: unknown, cast: string): string {
    const marker = `@@lazy${this.pending.size}@@`;
    this.pending.set(marker, { value, cast });
    return marker;
  }

  /** Numbers the lazy parameters the text still uses (in order of appearance) and returns the final text. */
  finish(text: string): string {
    const numbered = new Map<string, string>();
    return text.replace(/@@lazy\d+@@/g, (marker) => {
      let placeholder = numbered.get(marker);
      if (!placeholder) {
        const { value, cast } = this.pending.get(marker)!;
        placeholder = this.add(value, cast);
        numbered.set(marker, placeholder);
      }
      return placeholder;
    });
  }
}

type CaseLanguages = Pick<CaseParameters, 'childPrimaryLanguage' | 'childOtherLanguages' | 'sponsorLanguage'>;

/** Every language that scores for a case (primary, others, sponsor's), each once. */
export function caseLanguages(c: CaseLanguages): string[] {
  const all = [c.childPrimaryLanguage, ...c.childOtherLanguages];
  if (c.sponsorLanguage) all.push(c.sponsorLanguage);
  return [...new Set(all)];
}

/** Each case language with its tier factor: the first of primary > other > sponsor it is (as languageMatch). */
export function languageSlots(c: CaseLanguages, options: MatchingOptions): { code: string; tier: number }[] {
  const tiers = options.languageTierFactors;
  return caseLanguages(c).map((code) => ({
    code,
    tier:
      code === c.childPrimaryLanguage
        ? tiers.childPrimary
        : c.childOtherLanguages.includes(code)
          ? tiers.childOther
          : tiers.sponsor,
  }));
}

/**
 * `code:proficiency` tokens of the case's languages with their fraction (tier x proficiency factor), split
 * for the branches. Remote: the best level (`top`) is always read, the rest of the strong ones (`mid`, >= 80%
 * of the best) and the weaker ones only when they can still make the top K. In person: `near` ones (>= 50%:
 * distance can add its whole weight there) always, the others likewise only when they can still make it.
 */
export function languageTiers(c: CaseLanguages, options: MatchingOptions) {
  const tokens = languageSlots(c, options)
    .flatMap(({ code, tier }) =>
      LANGUAGE_PROFICIENCIES.map((p) => ({
        token: `${code}:${p}`,
        fraction: tier * options.proficiencyFactors[p],
      })),
    )
    .sort((a, b) => b.fraction - a.fraction);
  const best = tokens.length ? tokens[0].fraction : 0;
  const names = (list: typeof tokens) => list.map((t) => t.token);
  const first = (list: typeof tokens) => (list.length ? list[0].fraction : 0);
  const mid = tokens.filter((t) => t.fraction < best && t.fraction >= 0.8 * best);
  const weak = tokens.filter((t) => t.fraction < 0.8 * best);
  const near = tokens.filter((t) => t.fraction >= 0.5 * best);
  const far = tokens.filter((t) => t.fraction < 0.5 * best);
  return {
    remoteTop: names(tokens.filter((t) => t.fraction === best)),
    remoteMid: names(mid),
    remoteMidMax: first(mid),
    remoteStrong: names(tokens.filter((t) => t.fraction >= 0.8 * best)),
    remoteWeakMax: first(weak),
    near: names(near),
    farMax: first(far),
  };
}

/**
 * earthdistance's `earth_distance(a, b)` (meters on its sphere), written out: the extension's `sec_to_gc` is a
 * SQL function PostgreSQL cannot inline (STRICT around a CASE), and calling it costs more than the rest of a
 * candidate's scoring. Same operations in the same order, so the same bits.
 */
export function earthDistanceSql(a: string, b: string): string {
  const d = `cube_distance((${a})::cube, (${b})::cube)`;
  return `(CASE WHEN ${d} < 0::float8 THEN 0::float8
                WHEN ${d} / (2::float8 * earth()) > 1::float8 THEN pi() * earth()
                ELSE (2::float8 * earth()) * asin(${d} / (2::float8 * earth())) END)`;
}

/** SQL pieces shared by both queries; every number is a parameter. Rows are aliased `a` (attorneys). */
class ScoringSql {
  readonly wl: string;
  readonly wd: string;
  readonly wc: string;
  readonly we: string;
  readonly wf: string;
  readonly hd: string;
  readonly he: string;
  readonly hf: string;
  readonly remote: string;
  readonly now: string;
  readonly since: string;
  private readonly proficiency: Record<LanguageProficiency, string>;

  constructor(
    private readonly params: SqlParams,
    options: MatchingOptions,
    now: Date,
    since: Date,
  ) {
    const f = (value: number) => params.lazy(value, 'float8');
    const w = options.weights;
    this.wl = f(w.language);
    this.wd = f(w.distance);
    this.wc = f(w.capacity);
    this.we = f(w.experience);
    this.wf = f(w.fairness);
    this.hd = f(options.distanceHalfScoreMiles);
    this.he = f(options.experienceHalfScoreMatters);
    this.hf = f(options.fairnessHalfScoreCount);
    this.remote = f(options.remoteDistanceMiles);
    this.now = params.lazy(now, 'timestamptz');
    this.since = params.lazy(since, 'timestamptz');
    this.proficiency = {
      native: f(options.proficiencyFactors.native),
      fluent: f(options.proficiencyFactors.fluent),
      professional: f(options.proficiencyFactors.professional),
      conversational: f(options.proficiencyFactors.conversational),
    };
  }

  float(value: number): string {
    return this.params.lazy(value, 'float8');
  }

  /** Miles from the office to `center` (an earth value), as earthdistance measures them. */
  distance(center: string): string {
    return `(${earthDistanceSql('a.earth_location', center)} / 1609.344::float8)`;
  }

  /** Within the attorney's own radius of `center`; the reach box test (GiST) goes first. */
  inRadius(center: string): string {
    return `(a.reach IS NOT NULL AND a.reach @> ${center} AND ${this.distance(center)} <= a.travel_radius_miles)`;
  }

  /**
   * The language fraction: the best tier x proficiency over the case's languages (slots of SQL expressions:
   * code, tier factor; a NULL code counts for nothing).
   */
  languageFraction(slots: { code: string; tier: string }[]): string {
    if (slots.length === 0) return '0::float8';
    const p = this.proficiency;
    const values = slots.map(
      (
        s,
      ) => `${s.tier} * (CASE a.language_map ->> ${s.code} WHEN 'native' THEN ${p.native} WHEN 'fluent' THEN ${p.fluent}
                 WHEN 'professional' THEN ${p.professional} WHEN 'conversational' THEN ${p.conversational} END)`,
    );
    return `GREATEST(${values.join(', ')}, 0::float8)`;
  }

  /**
   * The eligibility predicate except place and language (which the branches decide). Practice area and
   * organization are written `x = ANY (column)`, which no index serves: the branches' own indexes (reach,
   * language tokens) are far more selective, and a bitmap over every attorney of a practice area would cost
   * more than it saves. `byPractice` writes the practice area test for its partial GIN index instead.
   */
  eligible(c: {
    caseType: string;
    organizationId: string;
    childState: string;
    declined?: string;
    excluded?: string;
    byPractice?: boolean;
  }): string {
    return `a.active
      AND (a.paused_until IS NULL OR a.paused_until <= ${this.now})
      AND a.open_matters < a.capacity
      AND ${c.byPractice ? `a.practice_areas @> ARRAY[${c.caseType}]` : `${c.caseType} = ANY (a.practice_areas)`}
      AND ${c.organizationId} = ANY (a.organization_ids)
      AND (${c.caseType} <> 'sijs' OR a.bar_admissions @> ARRAY[${c.childState}])
      ${c.declined ? `AND NOT (a.id = ANY (${c.declined}))` : ''}
      ${c.excluded ? `AND NOT (a.id = ANY (${c.excluded}))` : ''}`;
  }

  /**
   * A branch: eligible rows `where`, with matters of the case type (`matters`), effective miles (`eff`) and the
   * language fraction (`lf`), and their prefix: the points of everything but fairness, summed in
   * scoreCandidate's order (language, distance, capacity, experience).
   */
  branch(matters: string, eff: string, lf: string, where: string): string {
    return `
      SELECT b.id, b.matters, ${this.wl} * b.lf + ${this.wd} * (${this.hd} / (${this.hd} + GREATEST(b.eff, 0::float8)))
        + ${this.wc} * (CASE WHEN b.capacity > 0
                        THEN LEAST(GREATEST(b.capacity - GREATEST(b.open_matters, 0), 0), b.capacity)::float8 / b.capacity::float8
                        ELSE 0::float8 END)
        + ${this.we} * (GREATEST(b.matters, 0)::float8 / (GREATEST(b.matters, 0)::float8 + ${this.he})) AS prefix
      FROM (SELECT a.id, a.capacity, a.open_matters, ${matters} AS matters, ${eff} AS eff, ${lf} AS lf
            FROM attorneys a WHERE ${where}) b`;
  }

  /**
   * The most experience points any attorney has for the case type (index 1-based in CASE_TYPES): from the
   * largest matters_by_type[i], read off its index. Tighter than the weight, so branch bounds prune more.
   */
  experienceMax(typeIndex: number): string {
    const most = `(SELECT GREATEST(COALESCE(max(z.matters_by_type[${typeIndex}]), 0), 0)::float8 FROM attorneys z)`;
    return `(${this.we} * (${most} / (${most} + ${this.he})))`;
  }

  /** The most a remote row whose language fraction is at most `maxFraction` (SQL) can score. */
  remoteBound(maxFraction: string, typeIndex: number): string {
    return `${this.wl} * ${maxFraction} + ${this.wd} * (${this.hd} / (${this.hd} + GREATEST(${this.remote}, 0::float8)))
            + ${this.wc} + ${this.experienceMax(typeIndex)} + ${this.wf}`;
  }

  /** The most an in-person row whose language fraction is at most `maxFraction` (SQL) can score. */
  inPersonBound(maxFraction: string, typeIndex: number): string {
    return `${this.wl} * ${maxFraction} + ${this.wd} * (${this.hd} / (${this.hd} + 0::float8)) + ${this.wc}
            + ${this.experienceMax(typeIndex)} + ${this.wf}`;
  }

  /** Recent load of a row (`row`.id), probed once (OFFSET 0 keeps the subquery from being inlined twice). */
  probes(row = 'x'): string {
    return `CROSS JOIN LATERAL (
        SELECT ((SELECT count(*) FROM offers r WHERE r.attorney_id = ${row}.id AND r.created_at > ${this.since})
                + (SELECT count(*) FROM offers r
                    WHERE r.attorney_id = ${row}.id AND r.status = 'accepted' AND r.responded_at > ${this.since}))::int AS recent
        OFFSET 0) ef`;
  }

  /** The full score of a row `x` with its probes `ef`. */
  score(): string {
    return `x.prefix + ${this.wf} * (${this.hf} / (${this.hf} + ef.recent::float8))`;
  }

  /**
   * Top `limit` of the branches, pruned in two stages. `first` is always read; its best prefixes, scored fully
   * (with `extraSeed`, a select of exact scores already known), give T1. `middle` branches are read only if their
   * bound reaches T1 (`gate`), and the best prefixes of everything read so far give T2 >= T1. `last` branches are
   * read only if their bound reaches T2 (`lateGate`), and only rows whose prefix + fairness weight reach T2 are
   * probed and ranked, together with `extraRows` (rows already scored: id, experience, recent, score).
   */
  pruned(
    first: string,
    middle: string[],
    last: string[],
    limit: string,
    extraSeed = '',
    extraRows = '',
  ): string {
    const seed = (from: string) => `
        SELECT ${this.score()} AS score
        FROM (SELECT * FROM ${from} ORDER BY prefix DESC, id LIMIT ${limit} * 3) x ${this.probes()}
        ${extraSeed ? `UNION ALL ${extraSeed}` : ''}`;
    const kth = (from: string) =>
      `COALESCE((SELECT score FROM ${from} ORDER BY score DESC OFFSET ${limit} - 1 LIMIT 1), '-Infinity'::float8)`;
    const second = middle.length
      ? `el2 AS MATERIALIZED (${[
          'SELECT * FROM el',
          // Rows below T1 cannot raise the K-th best above it, nor make the top K.
          ...middle.map((m) => `SELECT * FROM (${m}) m WHERE m.prefix + ${this.wf} >= (SELECT t FROM bar)`),
        ].join(' UNION ALL ')}),
         seed2 AS (${seed('el2')}),
         bar2 AS (SELECT GREATEST(${kth('seed2')}, (SELECT t FROM bar)) AS t),`
      : `el2 AS (SELECT * FROM el),
         bar2 AS (SELECT t FROM bar),`;
    return `
      WITH el AS MATERIALIZED (${first}),
      seed AS (${seed('el')}),
      bar AS (SELECT ${kth('seed')} AS t),
      ${second}
      pool AS (${['SELECT * FROM el2', ...last].join(' UNION ALL ')})
      SELECT x.id, x.matters AS experience, ef.recent, ${this.score()} AS score
      FROM (SELECT p.* FROM pool p WHERE p.prefix + ${this.wf} >= (SELECT t FROM bar2) OFFSET 0) x
      ${this.probes()}
      ${extraRows ? `UNION ALL ${extraRows}` : ''}
      ORDER BY score DESC, id LIMIT ${limit}`;
  }

  /** Gate for a `last` branch: read only if T2 <= bound. */
  lateGate(bound: string): string {
    return `AND (SELECT t FROM bar2) <= ${bound}`;
  }

  /** Gate for a `middle` branch: read only if T1 <= bound. */
  gate(bound: string): string {
    return `AND (SELECT t FROM bar) <= ${bound}`;
  }
}

const NO_ROWS = `SELECT NULL::uuid AS id, NULL::int AS matters, NULL::float8 AS prefix WHERE false`;

function union(parts: (string | null)[]): string {
  const present = parts.filter((p): p is string => p !== null);
  return present.length ? present.join(' UNION ALL ') : NO_ROWS;
}

/** The candidate query for one case: top `limit` candidates, ORDER BY score DESC, id ASC (rankCandidates' order). */
export function candidateQuery(
  c: CaseParameters,
  q: CandidateQueryOptions,
): { text: string; values: unknown[] } {
  const params = new SqlParams();
  const s = new ScoringSql(params, q.options, q.now, q.fairnessSince);
  const text = (sql: string) => params.lazy(sql, 'text');
  const limit = params.lazy(q.limit, 'int');
  const located = c.serviceLatitude !== null && c.serviceLongitude !== null;
  const center = located
    ? `ll_to_earth(${s.float(c.serviceLatitude as number)}, ${s.float(c.serviceLongitude as number)})`
    : 'NULL::earth';
  const caseFilter = {
    caseType: text(c.caseType),
    organizationId: params.lazy(c.organizationId, 'uuid'),
    childState: text(c.childState ?? ''),
    declined: c.declinedByAttorneyIds.length ? params.lazy(c.declinedByAttorneyIds, 'uuid[]') : undefined,
    excluded: c.excludedAttorneyIds.length ? params.lazy(c.excludedAttorneyIds, 'uuid[]') : undefined,
  };
  const eligible = s.eligible(caseFilter);
  const eligibleByPractice = s.eligible({ ...caseFilter, byPractice: true });
  const typeIndex = CASE_TYPES.indexOf(c.caseType) + 1;
  const matters = `a.matters_by_type[${typeIndex}]`;
  const lf = s.languageFraction(
    languageSlots(c, q.options).map((slot) => ({ code: text(slot.code), tier: s.float(slot.tier) })),
  );
  const tiers = languageTiers(c, q.options);
  const languages = params.lazy(caseLanguages(c), 'text[]');
  const tokenTest = (tokens: string[]) =>
    tokens.length ? `a.language_tokens && ${params.lazy(tokens, 'text[]')}` : 'false';

  const inPerson = (languageTest: string, gate = '') =>
    located
      ? s.branch(
          matters,
          s.distance(center),
          lf,
          `a.reach IS NOT NULL AND a.active AND a.practice_areas @> ARRAY[${caseFilter.caseType}]
           AND a.reach @> ${center} AND ${languageTest}
           AND ${s.distance(center)} <= a.travel_radius_miles AND ${eligible} ${gate}`,
        )
      : null;
  const remote = (languageTest: string, gate = '', byPractice = false) =>
    s.branch(
      matters,
      s.remote,
      lf,
      `a.remote_ok AND a.active AND ${languageTest} AND NOT ${located ? s.inRadius(center) : 'false'}
       AND ${byPractice ? eligibleByPractice : eligible} ${gate}`,
    );
  const nearTest = tokenTest(tiers.near);
  const topTest = tokenTest(tiers.remoteTop);
  const strongTest = tokenTest(tiers.remoteStrong);
  const branches = {
    inPersonNear: tiers.near.length ? inPerson(nearTest) : null,
    inPersonOther: (gate: string) => inPerson(`NOT (${nearTest})`, gate),
    remoteTop: tiers.remoteTop.length ? remote(topTest) : null,
    remoteMid: (gate: string) =>
      tiers.remoteMid.length ? remote(`${tokenTest(tiers.remoteMid)} AND NOT (${topTest})`, gate) : null,
    remoteWeak: (gate: string) => remote(`a.language_codes && ${languages} AND NOT (${strongTest})`, gate),
    remoteSilent: (gate: string) => remote(`NOT (a.language_codes && ${languages})`, gate, true),
  };

  let ranked: string;
  if (q.exhaustive) {
    ranked = `
      SELECT x.id, x.matters AS experience, ef.recent, ${s.score()} AS score
      FROM (${union([
        branches.inPersonNear,
        branches.inPersonOther(''),
        branches.remoteTop,
        branches.remoteMid(''),
        branches.remoteWeak(''),
        branches.remoteSilent(''),
      ])}) x
      ${s.probes()}
      ORDER BY score DESC, x.id LIMIT ${limit}`;
  } else {
    ranked = s.pruned(
      union([branches.inPersonNear, branches.remoteTop]),
      [
        branches.inPersonOther(s.gate(s.inPersonBound(s.float(tiers.farMax), typeIndex))),
        branches.remoteMid(s.gate(s.remoteBound(s.float(tiers.remoteMidMax), typeIndex))),
        branches.remoteWeak(s.gate(s.remoteBound(s.float(tiers.remoteWeakMax), typeIndex))),
      ].filter((b): b is string => b !== null),
      [branches.remoteSilent(s.lateGate(s.remoteBound('0::float8', typeIndex)))],
      limit,
    );
  }
  const sql = `
    SELECT a.id, a.user_id, u.display_name, a.active, a.paused_until, a.capacity, a.open_matters, a.practice_areas,
           a.bar_admissions, a.languages, a.latitude, a.longitude, a.travel_radius_miles, a.remote_ok,
           ${located ? `CASE WHEN a.earth_location IS NOT NULL THEN ${s.distance(center)} END` : 'NULL::float8'} AS distance_miles,
           r.experience, r.recent, r.score
    FROM (${ranked}) r
    JOIN attorneys a ON a.id = r.id
    JOIN users u ON u.id = a.user_id
    ORDER BY r.score DESC, r.id`;
  return { text: params.finish(sql), values: params.values };
}

/**
 * One named attorney's row for a case (for an offer to a named attorney): the same columns the candidate
 * query returns, measured the same way, whether or not the attorney is eligible (the pure code then decides
 * and explains), plus `member`: whether the attorney volunteers with the case's organization.
 */
export function attorneyRowQuery(
  c: CaseParameters,
  attorneyId: string,
  q: Pick<CandidateQueryOptions, 'options' | 'now' | 'fairnessSince'>,
): { text: string; values: unknown[] } {
  const params = new SqlParams();
  const s = new ScoringSql(params, q.options, q.now, q.fairnessSince);
  const located = c.serviceLatitude !== null && c.serviceLongitude !== null;
  const center = located
    ? `ll_to_earth(${s.float(c.serviceLatitude as number)}, ${s.float(c.serviceLongitude as number)})`
    : 'NULL::earth';
  const sql = `
    SELECT a.id, a.user_id, u.display_name, a.active, a.paused_until, a.capacity, a.open_matters, a.practice_areas,
           a.bar_admissions, a.languages, a.latitude, a.longitude, a.travel_radius_miles, a.remote_ok,
           ${located ? `CASE WHEN a.earth_location IS NOT NULL THEN ${s.distance(center)} END` : 'NULL::float8'} AS distance_miles,
           a.matters_by_type[${CASE_TYPES.indexOf(c.caseType) + 1}] AS experience,
           ef.recent, NULL::float8 AS score,
           ${params.lazy(c.organizationId, 'uuid')} = ANY (a.organization_ids) AS member
    FROM attorneys a
    JOIN users u ON u.id = a.user_id
    ${s.probes('a')}
    WHERE a.id = ${params.lazy(attorneyId, 'uuid')}`;
  return { text: params.finish(sql), values: params.values };
}

/**
 * The class of a case for the queue query: everything remote ranking depends on (organization, case type,
 * the state for SIJS, and each scoring language with its tier factor).
 */
export function remoteClassKey(c: CaseParameters, options: MatchingOptions): string {
  return JSON.stringify([
    c.organizationId,
    c.caseType,
    c.caseType === 'sijs' ? (c.childState ?? '') : null,
    languageSlots(c, options),
  ]);
}

/**
 * Top `limit` candidates of each case, for many cases of one case type in one statement (see the header).
 * Rows come ordered by case, then score DESC, id ASC. `listSize` (M) is how many remote candidates each
 * class keeps.
 */
export function queueCandidatesQuery(
  cases: readonly CaseParameters[],
  q: CandidateQueryOptions & { listSize: number },
): { text: string; values: unknown[] } {
  const params = new SqlParams();
  const s = new ScoringSql(params, q.options, q.now, q.fairnessSince);
  // One case type per statement: the in-person branch then uses that type's partial GiST index on reach.
  const types = new Set(cases.map((c) => c.caseType));
  if (types.size !== 1) throw new RangeError('queueCandidatesQuery ranks cases of one case type at a time');
  const caseType = params.lazy(cases[0].caseType, 'text');
  const classes = new Map<string, { id: number; sample: CaseParameters }>();
  const caseRows = cases.map((c) => {
    const key = remoteClassKey(c, q.options);
    let cls = classes.get(key);
    if (!cls) {
      cls = { id: classes.size + 1, sample: c };
      classes.set(key, cls);
    }
    const located = c.serviceLatitude !== null && c.serviceLongitude !== null;
    return {
      case_id: c.caseId,
      class_id: cls.id,
      lat: located ? c.serviceLatitude : null,
      lon: located ? c.serviceLongitude : null,
      excluded: [...c.declinedByAttorneyIds, ...c.excludedAttorneyIds],
    };
  });
  const slotCount = Math.max(1, ...[...classes.values()].map((k) => caseLanguages(k.sample).length));
  const classRows = [...classes.values()].map(({ id, sample }) => {
    const slots = languageSlots(sample, q.options);
    const tiers = languageTiers(sample, q.options);
    return {
      class_id: id,
      org: sample.organizationId,
      case_type: sample.caseType,
      child_state: sample.childState ?? '',
      langs: caseLanguages(sample),
      codes: slots.map((x) => x.code),
      tiers: slots.map((x) => x.tier),
      remote_top: tiers.remoteTop,
      remote_mid: tiers.remoteMid,
      remote_mid_max: tiers.remoteMidMax,
      remote_strong: tiers.remoteStrong,
      remote_weak_max: tiers.remoteWeakMax,
      near: tiers.near,
      far_max: tiers.farMax,
    };
  });
  const limit = params.lazy(q.limit, 'int');
  const listSize = params.lazy(q.listSize, 'int');
  const lf = s.languageFraction(
    Array.from({ length: slotCount }, (_, i) => ({ code: `c.codes[${i + 1}]`, tier: `c.tiers[${i + 1}]` })),
  );
  const eligible = (excluded?: string, byPractice = false) =>
    s.eligible({
      caseType: 'c.case_type',
      organizationId: 'c.org',
      childState: 'c.child_state',
      excluded,
      byPractice,
    });
  const typeIndex = CASE_TYPES.indexOf(cases[0].caseType) + 1;
  const matters = `a.matters_by_type[${typeIndex}]`;
  const remote = (languageTest: string, gate = '', byPractice = false) =>
    s.branch(
      matters,
      s.remote,
      lf,
      `a.remote_ok AND a.active AND ${languageTest} AND ${eligible(undefined, byPractice)} ${gate}`,
    );
  const topTest = `a.language_tokens && c.remote_top`;
  const strongTest = `a.language_tokens && c.remote_strong`;
  const classLists = `
    SELECT c.class_id, l.ids, l.scores, l.matters, l.recents, l.n
    FROM cls c CROSS JOIN LATERAL (
      SELECT COALESCE(array_agg(t.id ORDER BY t.score DESC, t.id), '{}') AS ids,
             COALESCE(array_agg(t.score ORDER BY t.score DESC, t.id), '{}') AS scores,
             COALESCE(array_agg(t.experience ORDER BY t.score DESC, t.id), '{}') AS matters,
             COALESCE(array_agg(t.recent ORDER BY t.score DESC, t.id), '{}') AS recents,
             count(*)::int AS n
      FROM (${s.pruned(
        remote(topTest),
        [
          remote(
            `a.language_tokens && c.remote_mid AND NOT (${topTest})`,
            s.gate(s.remoteBound('c.remote_mid_max', typeIndex)),
          ),
          remote(
            `a.language_codes && c.langs AND NOT (${strongTest})`,
            s.gate(s.remoteBound('c.remote_weak_max', typeIndex)),
          ),
        ],
        [
          remote(
            `NOT (a.language_codes && c.langs)`,
            s.lateGate(s.remoteBound('0::float8', typeIndex)),
            true,
          ),
        ],
        listSize,
      )}) t) l`;
  // Per case: its class list minus declined and in-radius attorneys, plus in-person candidates.
  const inPerson = (languageTest: string, gate = '') =>
    s.branch(
      matters,
      s.distance('p.center'),
      lf,
      `p.center IS NOT NULL AND a.reach IS NOT NULL AND a.active AND a.practice_areas @> ARRAY[${caseType}]
       AND a.reach @> p.center AND ${languageTest}
       AND ${s.distance('p.center')} <= a.travel_radius_miles AND ${eligible('p.excluded')} ${gate}`,
    );
  const nearTest = `a.language_tokens && c.near`;
  const remoteRows = `
      SELECT u.id, u.matters AS experience, u.recent, u.score
      FROM unnest(l.ids, l.scores, l.matters, l.recents) AS u(id, score, matters, recent)
      JOIN attorneys a ON a.id = u.id
      WHERE NOT (a.id = ANY (p.excluded)) AND NOT (p.center IS NOT NULL AND ${s.inRadius('p.center')})`;
  const perCase = `
      WITH rem AS MATERIALIZED (${remoteRows})
      SELECT z.*, (SELECT count(*) FROM rem)::int AS remote_count
      FROM (${s.pruned(
        inPerson(nearTest),
        [],
        [inPerson(`NOT (${nearTest})`, s.lateGate(s.inPersonBound('c.far_max', typeIndex)))],
        limit,
        'SELECT score FROM rem',
        'SELECT id, experience, recent, score FROM rem',
      )}) z`;
  const sql = `
    WITH cls AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${params.lazy(JSON.stringify(classRows), 'jsonb')}) AS c(
        class_id int, org uuid, case_type text, child_state text, langs text[], codes text[],
        tiers float8[], remote_top text[], remote_mid text[], remote_mid_max float8, remote_strong text[],
        remote_weak_max float8, near text[], far_max float8)),
    lists AS MATERIALIZED (${classLists}),
    cs AS MATERIALIZED (
      SELECT k.case_id, k.class_id, k.excluded,
             CASE WHEN k.lat IS NOT NULL AND k.lon IS NOT NULL THEN ll_to_earth(k.lat, k.lon) END AS center
      FROM jsonb_to_recordset(${params.lazy(JSON.stringify(caseRows), 'jsonb')})
        AS k(case_id uuid, class_id int, lat float8, lon float8, excluded uuid[]))
    SELECT p.case_id, r.id, r.experience, r.recent, r.score, r.remote_count, l.n AS list_size,
           CASE WHEN p.center IS NOT NULL AND a.earth_location IS NOT NULL THEN ${s.distance('p.center')} END AS distance_miles
    FROM cs p
    JOIN cls c ON c.class_id = p.class_id
    JOIN lists l ON l.class_id = p.class_id
    CROSS JOIN LATERAL (${perCase}) r
    JOIN attorneys a ON a.id = r.id
    ORDER BY p.case_id, r.score DESC, r.id`;
  return { text: params.finish(sql), values: params.values };
}

/** The attorney as the pure scoring code sees it, with the distance the database measured. */
export function candidateProfile(row: CandidateRow, caseType: CaseType): AttorneyMatchProfile {
  return {
    id: row.id,
    active: row.active,
    pausedUntil: row.paused_until,
    capacity: row.capacity,
    openMatters: row.open_matters,
    practiceAreas: row.practice_areas,
    barAdmissions: row.bar_admissions,
    languages: row.languages.map((l) => ({
      code: l.code,
      proficiency: l.proficiency as LanguageProficiency,
    })),
    officeLocation:
      row.latitude !== null && row.longitude !== null ? { lat: row.latitude, lon: row.longitude } : null,
    travelRadiusMiles: row.travel_radius_miles,
    remoteOk: row.remote_ok,
    experienceByCaseType: { [caseType]: row.experience },
    recentOffersAndAssignments: row.recent,
    distanceMiles: row.distance_miles,
  };
}
