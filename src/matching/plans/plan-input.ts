import { CaseFacts, caseParameters, loadCaseFacts } from '../candidates/case-facts';
import { QueueCandidateRow, queueCandidatesQuery, remoteClassKey } from '../candidates/candidate-sql';
import { RankingContext, candidateRowsForCase } from '../candidates/ranking';
import { Db } from '../../database/sql';
import { fairnessSince } from '../matching-settings';
import { PlanInput } from '../planning';

/** A case's candidate as the plan uses it (the attorney's profile is read later, for chosen pairs only). */
export interface PlanCandidateRow {
  id: string;
  distance_miles: number | null;
  experience: number;
  recent: number;
  score: number;
}

export interface BuiltPlanInput {
  input: PlanInput;
  /** Facts of every case in the queue. */
  facts: Map<string, CaseFacts>;
  /** Candidate rows per case, best first. */
  rows: Map<string, PlanCandidateRow[]>;
  /** Cases whose remote candidates had to be ranked alone (their class list ran short). */
  rankedAlone: number;
}

export interface PlanInputOptions {
  /** Candidates per case. */
  k: number;
  /** Cases per statement. */
  chunkSize?: number;
  /** Statements at once (each on its own connection). */
  parallelism?: number;
  /** Remote candidates each class list keeps in the first round (default k + 5; tests make it tiny). */
  listSize?: number;
}

/**
 * The planner's input for an organization's open queue (seeking counsel, no pending offer): the top `k`
 * candidates of every case from the queue candidate query (exactly what the single-case query returns), each
 * case's days to its next event, and every listed attorney's remaining capacity (capacity - open matters -
 * pending offers). Cases are listed most urgent first.
 */
export async function buildPlanInput(
  db: Db,
  organizationId: string,
  context: RankingContext,
  options: PlanInputOptions,
): Promise<BuiltPlanInput> {
  const { k } = options;
  const chunkSize = options.chunkSize ?? 250;
  const parallelism = Math.max(1, options.parallelism ?? 2);
  const queue = await db.query<{ id: string }>(
    `SELECT k.id FROM cases k
     WHERE k.organization_id = $1 AND k.status = 'seeking_counsel'
       AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.case_id = k.id AND o.status = 'pending')`,
    [organizationId],
  );
  const factList = await loadCaseFacts(
    db,
    queue.map((r) => r.id),
    context.now,
  );
  const facts = new Map(factList.map((f) => [f.caseId, f]));
  const parameters = factList.map((f) => caseParameters(f, context.settings.options));
  // Cases of one class together, so a statement computes each class list once.
  const keys = new Map(parameters.map((p) => [p.caseId, remoteClassKey(p, context.settings.options)]));
  parameters.sort((a, b) => keys.get(a.caseId)!.localeCompare(keys.get(b.caseId)!));
  const rows = new Map<string, PlanCandidateRow[]>();
  // Rounds with longer class lists for the cases a shorter list could not settle; the rest alone.
  let pending = parameters;
  let rankedAlone = 0;
  for (let round = 0; round < 3 && pending.length; round++) {
    const listSize = (options.listSize ?? k + 5) * 4 ** round;
    const chunks: (typeof parameters)[] = [];
    for (const type of new Set(pending.map((p) => p.caseType))) {
      const ofType = pending.filter((p) => p.caseType === type);
      for (let i = 0; i < ofType.length; i += chunkSize) chunks.push(ofType.slice(i, i + chunkSize));
    }
    const unsettled: typeof parameters = [];
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++];
        const query = queueCandidatesQuery(chunk, {
          options: context.settings.options,
          now: context.now,
          fairnessSince: fairnessSince(context.settings, context.now),
          limit: k,
          listSize,
        });
        const result = await db.query<QueueCandidateRow>(query.text, query.values);
        const byCase = new Map<string, QueueCandidateRow[]>();
        for (const row of result) {
          const list = byCase.get(row.case_id) ?? [];
          list.push(row);
          byCase.set(row.case_id, list);
        }
        for (const c of chunk) {
          const list = byCase.get(c.caseId) ?? [];
          // A full class list that lost too many entries to this case's exclusions (declined, within radius)
          // may miss remote candidates; so may a case without any row (its list size is unknown).
          const first = list[0];
          if (!first || (first.list_size >= listSize && first.remote_count < k)) unsettled.push(c);
          else rows.set(c.caseId, list);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallelism, chunks.length) }, worker));
    pending = unsettled;
  }
  for (const c of pending) {
    rows.set(c.caseId, await candidateRowsForCase(db, facts.get(c.caseId)!, context, { limit: k }));
    rankedAlone++;
  }

  const attorneyIds = [...new Set([...rows.values()].flatMap((list) => list.map((r) => r.id)))];
  const capacity = attorneyIds.length
    ? await db.query<{ id: string; remaining: number }>(
        `SELECT a.id, (a.capacity - a.open_matters
                  - (SELECT count(*) FROM offers o WHERE o.attorney_id = a.id AND o.status = 'pending'))::int AS remaining
         FROM attorneys a WHERE a.id = ANY ($1::uuid[])`,
        [attorneyIds],
      )
    : [];
  const ordered = factList.sort(
    (a, b) =>
      (a.urgency.days ?? Number.POSITIVE_INFINITY) - (b.urgency.days ?? Number.POSITIVE_INFINITY) ||
      (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0),
  );
  return {
    input: {
      cases: ordered.map((f) => ({
        caseId: f.caseId,
        daysToNextEvent: f.urgency.days,
        candidates: (rows.get(f.caseId) ?? []).map((r) => ({ attorneyId: r.id, score: r.score })),
      })),
      attorneys: capacity.map((c) => ({ attorneyId: c.id, remainingCapacity: c.remaining })),
    },
    facts,
    rows,
    rankedAlone,
  };
}
