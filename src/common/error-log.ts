import { types } from 'node:util';
import { createHash } from 'node:crypto';

/**
 * What the logs may say about an error. Errors carry personal data in places a generic serializer prints:
 * TypeORM's QueryFailedError holds the statement's `parameters` (argon2 hashes, children's names, dates of
 * birth, ciphertexts) and copies the driver's `detail` (`Key (a_number_hash)=(…) already exists`,
 * `Failing row contains (…)`); PostgreSQL quotes the offending value in messages such as
 * `invalid input syntax for type date: "…"`; a mail server names the refused address. So an error is logged as
 * its type, a scrubbed message, the PostgreSQL code with constraint/table/column, and which statement (its first
 * words and a fingerprint) — never parameters, `detail`, `where` or the values PostgreSQL quoted.
 */
export interface ErrorLog {
  type: string;
  message: string;
  code?: string | number;
  constraint?: string;
  table?: string;
  column?: string;
  dataType?: string;
  routine?: string;
  statement?: string;
  status?: number;
  stack?: string;
  cause?: ErrorLog;
  errors?: ErrorLog[];
}

interface PgFields {
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  schema?: string;
  dataType?: string;
  routine?: string;
  severity?: string;
}

const MAX_DEPTH = 3;

/**
 * An Error, also one made in another realm: Node's own errors (ECONNREFUSED, a socket reset) fail `instanceof Error`
 * inside a vm context such as jest's, and would otherwise be logged as "object: [Error]".
 */
export function isError(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

/** The pino serializer for `err` (and any other key holding an error). */
export function errorForLog(err: unknown, depth = 0): ErrorLog {
  if (!isError(err)) {
    return { type: typeof err, message: scrubText(typeof err === 'string' ? err : safeString(err)) };
  }
  const pg = postgresFields(err);
  const message = pg ? scrubPostgresMessage(err.message, pg) : scrubText(err.message);
  const out: ErrorLog = { type: err.name || err.constructor?.name || 'Error', message };
  if (pg) {
    for (const key of ['code', 'constraint', 'table', 'column', 'dataType', 'routine'] as const) {
      if (typeof pg[key] === 'string') out[key] = pg[key];
    }
  } else {
    const code = (err as { code?: unknown }).code;
    if ((typeof code === 'string' && code.length <= 40) || typeof code === 'number') out.code = code;
  }
  const query = (err as { query?: unknown }).query;
  if (typeof query === 'string') out.statement = statementFingerprint(query);
  const status = statusOf(err);
  if (status !== undefined) out.status = status;
  if (typeof err.stack === 'string') out.stack = `${out.type}: ${message}\n${framesOf(err.stack)}`.trimEnd();
  if (depth < MAX_DEPTH) {
    const cause = (err as { cause?: unknown }).cause;
    if (cause !== undefined) out.cause = errorForLog(cause, depth + 1);
    const errors = (err as { errors?: unknown }).errors;
    if (Array.isArray(errors)) out.errors = errors.slice(0, 5).map((e) => errorForLog(e, depth + 1));
  }
  return out;
}

/** One line for a log message: `QueryFailedError 23505 children_a_number_hash_key (INSERT INTO "children" #1a2b3c4d)`. */
export function describeError(err: unknown): string {
  const e = errorForLog(err);
  const where = [e.code, e.constraint ?? (e.table && e.column ? `${e.table}.${e.column}` : e.table)]
    .filter((x) => x !== undefined)
    .join(' ');
  return [`${e.type}: ${e.message}`, where ? `[${where}]` : '', e.statement ? `(${e.statement})` : '']
    .filter(Boolean)
    .join(' ');
}

/**
 * Which statement failed, without its values: the first words of the SQL (string and number literals
 * replaced by `?`) and a short hash of the whole normalized text, so the same statement always reads the same.
 */
export function statementFingerprint(sql: string): string {
  const normalized = sql
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\$\$[\s\S]*?\$\$/g, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?')
    .replace(/\s+/g, ' ')
    .trim();
  const hash = createHash('sha256').update(normalized).digest('hex').slice(0, 8);
  const words = normalized.split(' ').slice(0, 4).join(' ').slice(0, 60);
  return `${words} #${hash}`;
}

// A UUID is an id, kept; an e-mail address or a long run of digits (phone, A-number, card) is not.
const PERSONAL =
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|[^\s<>"'(),;:]+@[^\s<>"'(),;:]+\.[a-z]{2,}|\+?\d(?:[\s.-]?\d){6,}/gi;

/** Masks e-mail addresses and long digit runs in free text (ids stay). */
export function scrubText(text: string): string {
  return text.replace(PERSONAL, (match) =>
    /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(match) && match.length === 36
      ? match
      : match.includes('@')
        ? '[email]'
        : '[number]',
  );
}

/**
 * PostgreSQL double-quotes identifiers and values alike (`relation "children"`, `for type date: "2027-02-30"`):
 * a quoted part stays only when it is one of the identifiers the error names, or a type name.
 */
function scrubPostgresMessage(message: string, pg: PgFields): string {
  const known = new Set(
    [pg.constraint, pg.table, pg.column, pg.schema, pg.dataType].filter((x): x is string => Boolean(x)),
  );
  return scrubText(
    message.replace(/"((?:[^"]|"")*)"/g, (whole, inner: string) => (known.has(inner) ? whole : '"[value]"')),
  );
}

function postgresFields(err: Error): PgFields | undefined {
  const driver = (err as { driverError?: unknown }).driverError;
  const source = (isError(driver) ? driver : err) as PgFields;
  const looksPg =
    typeof source.code === 'string' &&
    /^[0-9A-Z]{5}$/.test(source.code) &&
    (typeof source.severity === 'string' || typeof source.routine === 'string' || driver !== undefined);
  return looksPg ? source : undefined;
}

function statusOf(err: Error): number | undefined {
  const getStatus = (err as { getStatus?: unknown }).getStatus;
  if (typeof getStatus === 'function') {
    const status = (getStatus as () => unknown).call(err);
    if (typeof status === 'number') return status;
  }
  const status =
    (err as { status?: unknown; statusCode?: unknown }).status ??
    (err as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

function framesOf(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'object' && value !== null
      ? `[${value.constructor?.name ?? 'object'}]`
      : String(value);
  } catch {
    return '[unprintable]';
  }
}

// BullMQ's own signals thrown from a processor: they are not failures and must reach it unchanged.
const QUEUE_SIGNALS = new Set(['DelayedError', 'WaitingChildrenError', 'WaitingError', 'RateLimitError']);

/**
 * A job's failure is kept in the queue (`failedReason` and stack, shown in the queue dashboard): processors
 * rethrow through this, which rewrites the error's message and stack in place (its class stays, so
 * `UnrecoverableError` keeps meaning what it means) to what `describeError` would log.
 */
export function scrubForQueue(err: unknown): unknown {
  if (!isError(err) || QUEUE_SIGNALS.has(err.name)) return err;
  const safe = errorForLog(err);
  const line = describeError(err);
  const message = line.startsWith(`${safe.type}: `) ? line.slice(safe.type.length + 2) : line;
  err.message = message;
  err.stack = `${safe.type}: ${message}\n${framesOf(err.stack ?? '')}`.trimEnd();
  return err;
}
