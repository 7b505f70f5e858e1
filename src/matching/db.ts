import type { Pool, QueryResultRow } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The little the matching queries need from a database connection, so the same code runs inside the
 * application (TypeORM, possibly in a transaction) and in the benchmark (a plain `pg` pool).
 */
export interface Db {
  /**
   * `name`: run as a named prepared statement (planned once per connection) when the connection allows it.
   * Only for statements whose text never changes.
   */
  query<T>(sql: string, params: readonly unknown[], name?: string): Promise<T[]>;
}

/** TypeORM's `query()` answers UPDATE and DELETE with `[rows, affectedCount]`; everything else with the rows. */
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
    source instanceof DataSource ? (source.driver as unknown as { master?: Pool }).master : undefined;
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
