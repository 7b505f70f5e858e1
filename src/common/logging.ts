import type { LoggerParams as Params } from '../logging/logger.module';
import type { DestinationStream } from 'pino';
import { AppConfig } from '../config/app-config';
import { chooseLogFormat, prettyDestination } from '../logging/pretty';
import { errorForLog, isError, scrubText } from './error-log';
import { requestId } from './request-id';
import { maskSecretPath } from './secret-url';

/** An error as pino-http hands it over: already run through pino's own serializer, the original in `raw`. */
function unwrap(value: unknown): unknown {
  if (isError(value)) return value;
  const raw = (value as { raw?: unknown } | null)?.raw;
  return isError(raw) ? raw : value;
}

const serializeError = (value: unknown) => errorForLog(unwrap(value));

/**
 * pino for the whole process (the logging module routes Nest's Logger here). Children's data never reaches a log line:
 *  - request lines carry the method and the path with secret tokens masked, never the query string or headers
 *    with credentials;
 *  - every error, under any key, goes through `errorForLog` (code, constraint, statement fingerprint; never SQL
 *    parameters or the driver's `detail`);
 *  - message strings are scrubbed of e-mail addresses and long digit runs, a net for interpolated errors.
 * The same record is then written as a JSON line, or, with LOG_FORMAT=pretty (the default on a terminal outside
 * production), as a readable line made from that JSON (logging/pretty.ts), so the masking above holds in both.
 * `destination` is for tests that read everything logged.
 */
export function loggerParams(config: AppConfig, destination?: DestinationStream): Params {
  const options = {
    level: config.logLevel,
    genReqId: requestId,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      remove: true,
    },
    autoLogging: {
      ignore: (req: { url?: string }) => (req.url ?? '').startsWith('/health') || req.url === '/metrics',
    },
    serializers: {
      // Never log query strings (an A-number lookup, the dashboard's ?token=) or a secret path segment.
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: maskSecretPath(req.url),
      }),
      err: serializeError,
      error: serializeError,
    },
    formatters: {
      log(object: Record<string, unknown>): Record<string, unknown> {
        for (const [key, value] of Object.entries(object)) {
          // `err` and `error` have serializers of their own, which would see an already-converted object.
          if (isError(value) && key !== 'err' && key !== 'error') object[key] = errorForLog(value);
        }
        return object;
      },
    },
    hooks: {
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void): void {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? scrubText(a) : a)),
        );
      },
    },
  };
  const out = destination ?? stdoutDestination(config);
  return { pinoHttp: out ? [options, out] : options };
}

/** Readable lines on stdout when the format is pretty; undefined keeps pino's own (JSON, buffered) stdout. */
export function stdoutDestination(config: AppConfig): DestinationStream | undefined {
  const tty = process.stdout.isTTY === true;
  return chooseLogFormat(config.logFormat, config.env, tty) === 'pretty'
    ? prettyDestination(process.stdout, tty)
    : undefined;
}
