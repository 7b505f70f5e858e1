import type { DataSource } from 'typeorm';

/**
 * Rows of an `UPDATE … RETURNING` run through TypeORM's `query()`, which answers UPDATE and DELETE with
 * `[rows, affectedCount]` (other statements with the rows alone).
 */
export function returnedRows<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

interface PreparingClient {
  query<R>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}

/**
 * Runs a named prepared statement on a pooled connection: PostgreSQL parses and plans it once per connection
 * instead of on every call (for the processor's per-reminder statements, planning cost more than running).
 * Statements meant for this must probe by key (see CLAIM_SQL), so one generic plan suits every call.
 */
export async function runPrepared<R>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PreparingClient & object;
    if (!genericPlans.has(client)) {
      // Plan once per connection: PostgreSQL would otherwise re-plan these statements on every call (a custom
      // plan costs more than running them). They only use application statements' own names on this session.
      await client.query({ name: '', text: 'SET plan_cache_mode = force_generic_plan', values: [] });
      genericPlans.add(client);
    }
    return (await client.query<R>({ name, text, values })).rows;
  } finally {
    await runner.release();
  }
}

const genericPlans = new WeakSet<object>();
