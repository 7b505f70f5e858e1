import fc from 'fast-check';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DatabaseError } from 'pg';
import { HttpLogger, pinoHttp } from 'pino-http';
import type { DestinationStream } from 'pino';
import { QueryFailedError } from 'typeorm';
import { loggerParams } from '../../../src/common/logging';
import { AppConfig, loadConfig } from '../../../src/config/app-config';
import { chooseLogFormat, prettyDestination, prettyLine } from '../../../src/logging/pretty';

const config: AppConfig = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'info' });

/** The application's logger (loggerParams) writing to `out`, as the logging module builds it. */
function appLogger(out: DestinationStream): HttpLogger<IncomingMessage, ServerResponse> {
  const p = loggerParams(config, out).pinoHttp;
  return Array.isArray(p) ? pinoHttp(...p) : pinoHttp(p);
}

function capture() {
  const lines: string[] = [];
  return { lines, stream: { write: (s: string) => void lines.push(s) }, text: () => lines.join('') };
}

function failedInsert(secret: string): QueryFailedError {
  const pg = new DatabaseError(`invalid input syntax for type date: "${secret}"`, 0, 'error');
  Object.assign(pg, { code: '22007', detail: `Failing row contains (${secret}).` });
  return new QueryFailedError(`INSERT INTO "children"("first_name") VALUES ($1)`, [secret], pg);
}

/** One request through pino-http (method, path with a secret segment, query, credentials) and back. */
async function request(
  http: HttpLogger<IncomingMessage, ServerResponse>,
  path: string,
  authorization: string,
): Promise<void> {
  const server = createServer((req, res) => {
    http(req, res);
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    await (await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization } })).text();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('the log format', () => {
  it('is LOG_FORMAT when set, else readable on a terminal outside production and JSON otherwise', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(undefined, 'pretty' as const, 'json' as const),
        fc.constantFrom('development' as const, 'production' as const, 'test' as const),
        fc.boolean(),
        (setting, env, tty) => {
          const expected = setting ?? (tty && env !== 'production' ? 'pretty' : 'json');
          expect(chooseLogFormat(setting, env, tty)).toBe(expected);
        },
      ),
    );
  });

  it('reads LOG_FORMAT from the environment and names it when it is wrong', () => {
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({}).logFormat).toBeUndefined();
    expect(() => loadConfig({ LOG_FORMAT: 'yaml' })).toThrow(
      /^Invalid configuration: LOG_FORMAT must be pretty or json/,
    );
  });
});

describe('readable log lines', () => {
  it('show level, context, message and fields, and an error with its stack', () => {
    const line = prettyLine({
      level: 40,
      time: Date.UTC(2026, 0, 1, 12, 0, 0),
      pid: 1,
      hostname: 'h',
      context: 'OffersService',
      msg: 'offer expired',
      offerId: 'o-1',
      err: { type: 'Error', message: 'boom', code: '23505', stack: 'Error: boom\n    at f (x.ts:1:1)' },
    });
    expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN {2}\[OffersService\] offer expired offerId=o-1\n/);
    expect(line).toContain('Error: boom [23505]');
    expect(line).toContain('at f (x.ts:1:1)');
    expect(line).not.toContain('hostname');
  });

  it('keep the masking of the JSON lines: no personal value, credential, query or secret path', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Z][a-z]{5,12} [A-Z][a-z]{5,12}$/),
        fc.emailAddress(),
        fc.stringMatching(/^[A-Za-z0-9]{24,40}$/).filter((t) => /\d/.test(t) && /[A-Za-z]/.test(t)),
        async (name, email, token) => {
          const pretty = capture();
          const json = capture();
          for (const [out, format] of [
            [pretty, 'pretty'],
            [json, 'json'],
          ] as const) {
            const http = appLogger(format === 'pretty' ? prettyDestination(out.stream) : out.stream);
            http.logger.error({ err: failedInsert(name) }, `import failed for ${email}`);
            http.logger.warn({ context: 'Mail', error: new Error(`550 <${email}> refused`) }, 'mail refused');
            await request(
              http,
              `/calendar/${token}.ics?a_number=${token}&name=${encodeURIComponent(name)}`,
              `Bearer ${token}`,
            );
          }
          const text = pretty.text();
          for (const secret of [name, email, token, 'Failing row']) {
            expect(json.text()).not.toContain(secret);
            expect(text).not.toContain(secret);
          }
          // …while still saying what happened, readably (not as JSON).
          expect(text).toMatch(/ERROR import failed for \S*\[email\]/);
          expect(text).toContain('QueryFailedError');
          expect(text).toContain('GET /calendar/[token].ics 200');
          expect(text.split('\n').some((l) => l.startsWith('{'))).toBe(false);
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('errors logged under any key', () => {
  it('keep their type and message, scrubbed, whatever the key', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('err', 'error', 'cause', 'failure'),
        fc.stringMatching(/^[a-z][a-z ]{2,30}$/),
        (key, message) => {
          const out = capture();
          appLogger(out.stream).logger.warn({ [key]: new TypeError(`${message} for ana@example.org`) }, 'x');
          const record = JSON.parse(out.lines[0]) as Record<string, { type: string; message: string }>;
          expect(record[key].type).toBe('TypeError');
          expect(record[key].message).toContain(message);
          expect(out.text()).not.toContain('ana@example.org');
        },
      ),
      { numRuns: 40 },
    );
  });
});
