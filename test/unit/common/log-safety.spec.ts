import fc from 'fast-check';
import { runInNewContext } from 'node:vm';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import {
  describeError,
  errorForLog,
  scrubForQueue,
  statementFingerprint,
} from '../../../src/common/error-log';
import { maskSecretPath, maskSecretUrl } from '../../../src/common/secret-url';

/** A failed statement as `pg` and TypeORM raise it, carrying `value` in every place PostgreSQL puts values. */
function failedStatement(value: string, code = '23505'): QueryFailedError {
  const pg = new DatabaseError(`invalid input syntax for type date: "${value}"`, 0, 'error');
  Object.assign(pg, {
    code,
    severity: 'ERROR',
    constraint: 'children_a_number_hash_key',
    table: 'children',
    detail: `Key (a_number_hash)=(${value}) already exists. Failing row contains (${value}).`,
    where: `SQL statement "… ${value} …"`,
    routine: '_bt_check_unique',
  });
  return new QueryFailedError(
    `INSERT INTO "children"("first_name", "date_of_birth") VALUES ($1, $2)`,
    [value, `$argon2id$v=19$${value}`],
    pg,
  );
}

// Values as typed by people: names, dates, e-mails, hashes; long enough not to be found by chance.
const secretArb = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{5,20}$/),
  fc.stringMatching(/^(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]$/),
  fc.emailAddress(),
  fc.stringMatching(/^[A-Z][a-z]{5,12} [A-Z][a-z]{5,12}$/),
  fc.stringMatching(/^[0-9]{9}$/),
);

describe('errors in logs', () => {
  it('logs the code, constraint and statement of a failed SQL statement, never a value', () => {
    fc.assert(
      fc.property(secretArb, (secret) => {
        const err = failedStatement(secret);
        const logged = JSON.stringify(errorForLog(err));
        const line = describeError(err);
        for (const out of [logged, line]) {
          expect(out).not.toContain(secret);
          expect(out).toContain('23505');
          expect(out).toContain('children_a_number_hash_key');
          expect(out).toContain('INSERT INTO');
        }
        expect(logged).not.toContain('argon2');
        expect(logged).not.toContain('Failing row');
      }),
    );
  });

  it('scrubs e-mail addresses and long digit runs from other errors, their causes and aggregates', () => {
    const err = new Error('550 rejected <maria.lopez@example.org>', {
      cause: new Error('phone +1 212 555 0177, A-number 987654321'),
    });
    const out = JSON.stringify(errorForLog(new AggregateError([err], 'many')));
    expect(out).not.toMatch(/maria\.lopez|555 0177|987654321/);
    expect(out).toContain('[email]');
    // Ids stay readable.
    expect(describeError(new Error('reminder 3f2a9c1e-1d2b-4c3d-8e9f-123456789012 failed'))).toContain(
      '3f2a9c1e-1d2b-4c3d-8e9f-123456789012',
    );
  });

  it('rewrites a failed job’s message and stack in place, keeping its class', () => {
    const err = failedStatement('Yesenia Ortiz');
    const same = scrubForQueue(err) as QueryFailedError;
    expect(same).toBe(err);
    expect(`${same.message}\n${same.stack}`).not.toContain('Yesenia');
    expect(same.message).toContain('23505');
  });

  it('fingerprints a statement by its first words, without literals', () => {
    const a = statementFingerprint(`SELECT * FROM children WHERE first_name = 'Maria' AND id = 42`);
    expect(a).not.toMatch(/Maria|42/);
    expect(a).toMatch(/^SELECT \* FROM children #[0-9a-f]{8}$/);
    expect(statementFingerprint(`SELECT * FROM children WHERE first_name = 'Ana' AND id = 7`)).toBe(a);
  });
});

const tokenArb = fc
  .stringMatching(/^[A-Za-z0-9_-]{20,64}$/)
  .filter((t) => /\d/.test(t) && /[A-Za-z]/.test(t));
const anyTokenArb = fc.stringMatching(/^[A-Za-z0-9_.~-]{1,64}$/);

describe('secret URLs in logs and metrics', () => {
  it('masks stop links, calendar feeds, reset links and token-like segments, and drops query values', () => {
    fc.assert(
      fc.property(
        anyTokenArb,
        tokenArb,
        fc.constantFrom('unsubscribe', 'reset', 'password-reset', 'invite'),
        (any, token, route) => {
          expect(maskSecretPath(`/${route}/${any}`)).toBe(`/${route}/[token]`);
          expect(maskSecretPath(`/unsubscribe/${any}?lang=es`)).toBe('/unsubscribe/[token]');
          expect(maskSecretPath(`/calendar/${any}.ics`)).toBe('/calendar/[token].ics');
          expect(maskSecretPath(`/anything/${token}/more`)).toBe('/anything/[token]/more');
          expect(maskSecretUrl(`/admin/queues?token=${any}`)).toBe('/admin/queues?token=[redacted]');
          expect(maskSecretUrl(`/children?name=${any}&aNumber=${token}`)).toBe(
            '/children?name=[redacted]&aNumber=[redacted]',
          );
        },
      ),
    );
  });

  it('leaves ordinary paths, ids and route patterns alone', () => {
    for (const path of [
      '/children/3f2a9c1e-1d2b-4c3d-8e9f-123456789012/addresses',
      '/unsubscribe/:token',
      '/calendar/:file',
      '/reminders/policy',
      '/courts/NYC/closures',
      '/admin/queues',
      'unmatched',
    ]) {
      expect(maskSecretPath(path)).toBe(path);
    }
  });
});

describe('errors made in another realm', () => {
  it("are described by their type, code and message (Node's own errors inside a vm context, as under jest)", () => {
    const foreign = runInNewContext(
      `Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })`,
    ) as unknown;
    expect(foreign instanceof Error).toBe(false);
    expect(describeError(foreign)).toBe('Error: connect ECONNREFUSED 127.0.0.1:5432 [ECONNREFUSED]');
  });
});
