import { Pool, PoolConfig } from 'pg';
import { describeError } from '../common/error-log';

/**
 * A plain `pg` pool (benchmarks, scripts, tests) that survives the server dropping its idle connections.
 * pg's Pool emits 'error' when an idle client's connection ends under it (the server stopping or restarting,
 * `pg_terminate_backend`, a network cut); with no listener that event throws and ends the process, as it
 * did at the end of `npm run bench:matching` ("terminating connection due to administrator command").
 * The pool discards such a client by itself and opens a fresh one on the next query, so logging is enough.
 * End the pool before stopping the server it talks to.
 */
export function createPool(
  config: PoolConfig,
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Pool {
  const pool = new Pool(config);
  pool.on('error', (err) => warn(`database pool: an idle connection was lost (${describeError(err)})`));
  return pool;
}
