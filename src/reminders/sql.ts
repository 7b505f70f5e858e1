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
 */
export async function runPrepared<R>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PreparingClient;
    return (await client.query<R>({ name, text, values })).rows;
  } finally {
    await runner.release();
  }
}
