import { Db } from '../../database/sql';
import { MatchingSettings, fairnessSince } from '../matching-settings';
import { CandidateScore, scoreCandidate } from '../scoring/score-candidate';
import { CaseFacts, caseParameters, caseProfile } from './case-facts';
import { CandidateRow, candidateProfile, candidateQuery } from './candidate-sql';

/** A ranked attorney: the pure scoring's explanation of the row the database ranked. */
export interface RankedCandidate extends CandidateScore {
  displayName: string;
  /** The score the database ranked by (equal to `score`, which the pure code computed from the same row). */
  databaseScore: number;
}

export interface RankingContext {
  settings: MatchingSettings;
  now: Date;
  /** ISO 639-3 code -> English name. */
  languageNames: ReadonlyMap<string, string>;
}

/** The candidate rows of one case, best first, straight from the database. */
export async function candidateRowsForCase(
  db: Db,
  facts: CaseFacts,
  context: RankingContext,
  options: { limit: number; excludedAttorneyIds?: readonly string[]; exhaustive?: boolean },
): Promise<CandidateRow[]> {
  const query = candidateQuery(caseParameters(facts, context.settings.options, options.excludedAttorneyIds), {
    options: context.settings.options,
    now: context.now,
    fairnessSince: fairnessSince(context.settings, context.now),
    limit: options.limit,
    exhaustive: options.exhaustive,
  });
  return db.query<CandidateRow>(query.text, query.values);
}

/** Explains a database row with the pure scoring code (same inputs, same numbers). */
export function explainRow(facts: CaseFacts, row: CandidateRow, context: RankingContext): RankedCandidate {
  const scored = scoreCandidate(caseProfile(facts), candidateProfile(row, facts.caseType), {
    now: context.now,
    languageNames: context.languageNames,
    options: context.settings.options,
  });
  return { ...scored, displayName: row.display_name, databaseScore: row.score };
}

/** Ranked, explained candidates of one case. */
export async function rankCandidatesForCase(
  db: Db,
  facts: CaseFacts,
  context: RankingContext,
  options: { limit: number; excludedAttorneyIds?: readonly string[] },
): Promise<RankedCandidate[]> {
  const rows = await candidateRowsForCase(db, facts, context, options);
  return rows.map((row) => explainRow(facts, row, context));
}

export async function loadLanguageNames(db: Db): Promise<Map<string, string>> {
  const rows = await db.query<{ code: string; name: string }>(
    'SELECT rtrim(code) AS code, name FROM languages',
    [],
  );
  return new Map(rows.map((r) => [r.code, r.name]));
}
