import type { Pool, QueryResultRow } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The little a raw-SQL query needs from a database connection, so the same code runs inside the
 * application (TypeORM, possibly in a transaction) and in a benchmark or script (a plain `pg` pool).
 */
export interface Db {
  /**
   * `name`: run as a named prepared statement (planned once per connection) when the connection allows it.
   * Only for statements whose text never changes.
   */
  query<T>(sql: string, params: readonly unknown[], name?: string): Promise<T[]>;
}

/**
 * Rows of a statement run through TypeORM's `query()`, which answers UPDATE and DELETE (with or without
 * RETURNING) as `[rows, affectedCount]` and everything else with the rows alone.
 */
export function rowsOf<T>(result: unknown): T[] {
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

export function typeormDb(source: DataSource | EntityManager): Db {
  // Outside a transaction, named statements go straight to the driver's pg pool.
  const pool =
    source instanceof DataSource && source.driver instanceof PostgresDriver
      ? (source.driver.master as Pool | undefined)
      : undefined;
  return {
    query: async <T>(sql: string, params: readonly unknown[], name?: string) => {
      if (name && pool) {
        return (await pool.query<QueryResultRow>({ name, text: sql, values: [...params] })).rows as T[];
      }
      return rowsOf<T>(await source.query(sql, [...params]));
    },
  };
}

/** A `Db` over a plain pg pool (benchmarks, scripts). */
export function poolDb(pool: Pool): Db {
  return {
    query: async <T>(sql: string, params: readonly unknown[], name?: string) =>
      (
        await pool.query<QueryResultRow>(
          name ? { name, text: sql, values: [...params] } : { text: sql, values: [...params] },
        )
      ).rows as T[],
  };
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
