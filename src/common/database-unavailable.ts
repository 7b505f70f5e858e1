/*
 * "The database cannot be reached right now" as opposed to "this request is wrong" or "we have a bug": the
 * client should come back in a moment (503 + Retry-After), as /health/ready tells load balancers.
 */

/** Seconds a client is asked to wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Socket-level failures to reach the server (node's `code`). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/**
 * SQLSTATEs of a server that is there but not serving: class 08 (connection exception), admin/crash/fast
 * shutdown (57P01–57P03, 57P03 is cannot_connect_now while starting), too many connections (53300).
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What `pg` / pg-pool say when the connection drops or cannot be made in time (no code attached). */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Cannot use a pool after calling end on the pool/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /sorry, too many clients already/i,
];

/**
 * True when `err` (a TypeORM QueryFailedError, a raw pg / pg-pool error, or an AggregateError of connection
 * attempts) means the database is unreachable or refusing connections for now. Follows `driverError`, `cause`
 * and `errors` a few levels deep.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (depth > 4 || typeof err !== 'object' || err === null) return false;
  const e = err as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof e.code === 'string') {
    if (NETWORK_CODES.has(e.code) || UNAVAILABLE_SQLSTATES.has(e.code) || e.code.startsWith('08')) {
      return true;
    }
  }
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(e.message as string))) {
    return true;
  }
  if (e.driverError !== undefined && isDatabaseUnavailable(e.driverError, depth + 1)) return true;
  if (e.cause !== undefined && isDatabaseUnavailable(e.cause, depth + 1)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) {
    return true;
  }
  return false;
}
