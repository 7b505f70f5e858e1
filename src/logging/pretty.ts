import type { DestinationStream } from 'pino';

/** How log lines are written: one JSON object a line (for machines), or one readable line (for a person). */
export type LogFormat = 'pretty' | 'json';

/**
 * LOG_FORMAT when set; otherwise readable lines when a person watches the output (a terminal) outside
 * production, and JSON everywhere else (files, pipes, containers, tests).
 */
export function chooseLogFormat(
  setting: LogFormat | undefined,
  env: 'development' | 'production' | 'test',
  isTTY: boolean,
): LogFormat {
  if (setting) return setting;
  return isTTY && env !== 'production' ? 'pretty' : 'json';
}

const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: 'TRACE', color: '90' },
  20: { name: 'DEBUG', color: '36' },
  30: { name: 'INFO ', color: '32' },
  40: { name: 'WARN ', color: '33' },
  50: { name: 'ERROR', color: '31' },
  60: { name: 'FATAL', color: '35' },
};

/** Written by pino itself, or shown in the line's head. */
const HEAD_KEYS = new Set([
  'level',
  'time',
  'pid',
  'hostname',
  'msg',
  'context',
  'req',
  'res',
  'responseTime',
  'err',
]);

interface ErrorFields {
  type?: string;
  message?: string;
  stack?: string;
  code?: string | number;
  constraint?: string;
  statement?: string;
}

const two = (n: number) => String(n).padStart(2, '0');

function clock(time: unknown): string {
  const d = new Date(typeof time === 'number' ? time : Date.now());
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

const value = (v: unknown) =>
  typeof v === 'string' && !/[\s"=]/.test(v) && v !== '' ? v : JSON.stringify(v);

/**
 * One readable line (plus an error's stack, indented) for a record that pino has already serialized: only
 * what the JSON line says is shown, so its masking and redaction hold here too.
 * `12:03:44.120 INFO  [OffersService] offer sent caseId=… (request 4f…)`
 */
export function prettyLine(record: Record<string, unknown>, color = false): string {
  const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const level = LEVELS[record.level as number] ?? { name: String(record.level).padEnd(5), color: '0' };
  const parts = [paint('90', clock(record.time)), paint(level.color, level.name)];
  if (record.context !== undefined) parts.push(paint('33', `[${String(record.context)}]`));

  const req = record.req as { id?: unknown; method?: unknown; path?: unknown } | undefined;
  const res = record.res as { statusCode?: unknown } | undefined;
  if (req && typeof req === 'object') {
    const status = res && typeof res === 'object' ? ` ${String(res.statusCode)}` : '';
    const took = typeof record.responseTime === 'number' ? ` ${record.responseTime} ms` : '';
    parts.push(`${String(req.method)} ${String(req.path)}${status}${took}`);
  }
  if (record.msg !== undefined && record.msg !== '') parts.push(String(record.msg));
  for (const [key, v] of Object.entries(record)) {
    if (!HEAD_KEYS.has(key) && v !== undefined) parts.push(`${paint('90', `${key}=`)}${value(v)}`);
  }
  if (req && typeof req === 'object' && req.id !== undefined)
    parts.push(paint('90', `(request ${String(req.id)})`));

  let line = parts.join(' ');
  const err = record.err as ErrorFields | undefined;
  if (err && typeof err === 'object') {
    const where = [err.code, err.constraint].filter((x) => x !== undefined).join(' ');
    const head = `${err.type ?? 'Error'}: ${err.message ?? ''}${where ? ` [${where}]` : ''}${err.statement ? ` (${err.statement})` : ''}`;
    const frames = typeof err.stack === 'string' ? err.stack.split('\n').slice(1) : [];
    line += `\n    ${paint('31', head)}${frames.map((f) => `\n    ${f.trim()}`).join('')}`;
    const rest = Object.fromEntries(
      Object.entries(err).filter(
        ([k]) => !['type', 'message', 'stack', 'code', 'constraint', 'statement'].includes(k),
      ),
    );
    if (Object.keys(rest).length) line += `\n    ${JSON.stringify(rest)}`;
  }
  return line;
}

/**
 * A pino destination that writes `prettyLine`s to `out` (stdout) synchronously, so they keep their order with
 * anything else written there. A line that is not JSON passes through unchanged.
 */
export function prettyDestination(out: { write(text: string): unknown }, color = false): DestinationStream {
  return {
    write(chunk: string): void {
      for (const raw of chunk.split('\n')) {
        if (raw === '') continue;
        let record: unknown;
        try {
          record = JSON.parse(raw);
        } catch {
          out.write(`${raw}\n`);
          continue;
        }
        out.write(
          `${record && typeof record === 'object' ? prettyLine(record as Record<string, unknown>, color) : raw}\n`,
        );
      }
    },
  };
}
