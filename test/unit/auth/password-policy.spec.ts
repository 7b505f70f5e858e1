import fc from 'fast-check';
import { dictionary } from '@zxcvbn-ts/language-common';
import { effectiveLength, passwordProblem } from '../../../src/auth/password-policy';

const COMMON = dictionary['passwords-common'];
const LINES = ['abcdefghijklmnopqrstuvwxyz', '0123456789', 'qwertyuiop', 'asdfghjkl'];
const WORDS = [
  'granite',
  'orchard',
  'lantern',
  'meadow',
  'copper',
  'violin',
  'harbor',
  'thimble',
  'saffron',
  'quiver',
];

describe('password policy', () => {
  it('refuses the quoted examples and accepts ordinary passphrases', () => {
    expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/repeated or sequential/);
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('Password2024!')).toMatch(/most common/);
    expect(passwordProblem('qwertyuiopasdfgh')).toBeDefined();
    expect(passwordProblem('123456789012')).toBeDefined();
    expect(passwordProblem('maria.garcia1!', { email: 'maria.garcia@example.org' })).toMatch(/your own/);
    expect(passwordProblem('Maria Garcia 2024', { displayName: 'Maria Garcia' })).toMatch(/your own/);
    for (const ok of [
      'correct horse battery staple',
      'a long enough password',
      'another long password',
      'attorney password 1',
      'change-this-admin-password',
      'violin orchard quiver',
    ]) {
      expect(
        passwordProblem(ok, { email: 'someone@test.amparo', displayName: 'Test Attorney' }),
      ).toBeUndefined();
    }
  });

  it('refuses every common password of 12+ characters, in any case, with digits or symbols around it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COMMON),
        fc.constantFrom('', '1', '123', '2024', '!', '#1', '1234567890'),
        fc.constantFrom('', '!', '1', '@@'),
        fc.boolean(),
        (word, suffix, prefix, upper) => {
          const pw = prefix + (upper ? word.toUpperCase() : word) + suffix;
          fc.pre(pw.length >= 12 && pw.length <= 200);
          expect(passwordProblem(pw)).toBeDefined();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses repeats of a short unit and runs along the alphabet, digits or a keyboard row', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 3 }),
        fc.integer({ min: 12, max: 60 }),
        (unit, length) => {
          const pw = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
          expect(passwordProblem(pw)).toBeDefined();
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...LINES),
        fc.integer({ min: 0, max: 8 }),
        fc.boolean(),
        fc.integer({ min: 12, max: 40 }),
        (line, start, reverse, length) => {
          const base = reverse ? [...line].reverse().join('') : line;
          const walk = base.slice(start).repeat(10).slice(0, length);
          expect(effectiveLength(walk)).toBeLessThan(8);
          expect(passwordProblem(walk)).toBeDefined();
        },
      ),
    );
  });

  it("refuses the user's own e-mail or name with a little added", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...WORDS),
        fc.constantFrom(...WORDS),
        fc.constantFrom('', '1', '2024', '!!', '#9'),
        fc.boolean(),
        (first, last, suffix, fromEmail) => {
          const identity = fromEmail
            ? { email: `${first}.${last}@example.org` }
            : { displayName: `${first[0].toUpperCase()}${first.slice(1)} ${last}` };
          const pw = `${first}${fromEmail ? '.' : ' '}${last}${suffix}`;
          fc.pre(pw.length >= 12);
          expect(passwordProblem(pw, identity)).toMatch(first === last ? /repeated|your own/ : /your own/);
        },
      ),
    );
  });

  it('accepts passphrases of three or more ordinary words with any separators', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(WORDS, { minLength: 3, maxLength: 5 }),
        fc.constantFrom(' ', '-', '.', '_', ''),
        (words, separator) => {
          expect(
            passwordProblem(words.join(separator), { email: 'ana@example.org', displayName: 'Ana T' }),
          ).toBeUndefined();
        },
      ),
    );
  });
});
