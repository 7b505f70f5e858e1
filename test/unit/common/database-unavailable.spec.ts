import fc from 'fast-check';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from '../../../src/common/database-unavailable';

/** What pg / pg-pool / node's net raise when the database cannot serve, in their usual wrappings. */
const unavailableCore = fc.oneof(
  fc
    .constantFrom('ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN')
    .map((code) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code })),
  fc
    .constantFrom('57P01', '57P02', '57P03', '53300', '08006', '08001')
    .map((code) => Object.assign(new Error('terminating connection due to administrator command'), { code })),
  fc
    .constantFrom(
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'timeout exceeded when trying to connect',
      'sorry, too many clients already',
      'the database system is starting up',
    )
    .map((message) => new Error(message)),
);

type Wrap = (inner: Error) => unknown;
const wrappings: fc.Arbitrary<Wrap> = fc.constantFrom<Wrap>(
  (inner) => inner,
  (inner) => new QueryFailedError('SELECT 1', [], inner),
  (inner) => new AggregateError([new Error('first address failed'), inner], 'connect failed'),
  (inner) => new Error('wrapped', { cause: inner }),
);

/** Errors that are the request's or the code's fault: they keep their 4xx / 500 mapping. */
const otherErrors = fc.oneof(
  fc
    .constantFrom('23505', '23502', '23514', '23503', '22P02', '42P01', '42703', '40001', '22001')
    .map((code) => new QueryFailedError('INSERT', [], Object.assign(new Error('violates'), { code }))),
  fc
    .string()
    .filter((s) => !/connect|terminat|too many clients|database system/i.test(s))
    .map((m) => new Error(m)),
  fc.anything(),
);

describe('isDatabaseUnavailable', () => {
  it('recognizes an unreachable, restarting or full database however the error is wrapped', () => {
    fc.assert(
      fc.property(unavailableCore, wrappings, wrappings, (core, inner, outer) => {
        expect(isDatabaseUnavailable(outer(inner(core) as Error))).toBe(true);
      }),
    );
  });

  it('leaves constraint violations, bugs and anything else alone', () => {
    fc.assert(
      fc.property(otherErrors, (err) => {
        expect(isDatabaseUnavailable(err)).toBe(false);
      }),
    );
  });
});
