import { dictionary } from '@zxcvbn-ts/language-common';
import { badRequest } from '../common/app-error';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
/** Characters that must be left once runs, repeats and the user's own name and e-mail are taken out. */
const MIN_EFFECTIVE_LENGTH = 8;
const MIN_LEFT_BESIDES_IDENTITY = 6;

/**
 * The 49,233 most common passwords of public breach corpora, as zxcvbn ships them (MIT). Compared in lower case.
 * Loaded on first use, so processes that never set a password do not pay for it.
 */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

/** Keyboard rows and orders a person walks along: `abcdef`, `123456`, `qwerty`, `asdfgh`, and backwards. */
const LINES = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function stepOf(a: string, b: string): number | undefined {
  if (a === b) return 0;
  for (const line of LINES) {
    const i = line.indexOf(a);
    if (i < 0) continue;
    if (line[i + 1] === b) return 1;
    if (i > 0 && line[i - 1] === b) return -1;
  }
  return undefined;
}

/**
 * How many characters of `text` carry information: a character that repeats the one before, or continues a run
 * (`c` after `ab`, `4` after `23`, `r` after `we`), adds nothing; a text that is one unit repeated counts as the
 * unit. `aaaaaaaaaaaa` → 1, `abcdefghijkl` → 2, `abcabcabcabc` → 2, `correct horse` → 12.
 */
export function effectiveLength(text: string): number {
  const s = Array.from(text.toLowerCase());
  for (let unit = 1; unit <= s.length / 2; unit++) {
    if (s.every((c, i) => c === s[i % unit])) return effectiveLength(s.slice(0, unit).join(''));
  }
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const step = i > 0 ? stepOf(s[i - 1], s[i]) : undefined;
    if (step === 0) continue;
    if (step !== undefined && i > 1 && stepOf(s[i - 2], s[i - 1]) === step) continue;
    count++;
  }
  return count;
}

/**
 * `text` and what is left of it without some of its leading and trailing digits and symbols:
 * `2024dragon!99` → `dragon`, `dragon!9`, `4dragon`, …
 */
function cores(text: string): string[] {
  const leading = /^[^\p{L}]*/u.exec(text)![0].length;
  const trailing = /[^\p{L}]*$/u.exec(text)![0].length;
  const found: string[] = [];
  // Bounded: a few characters each side is what people add.
  for (let i = 0; i <= Math.min(leading, 12); i++) {
    for (let j = text.length; j >= Math.max(i + 1, text.length - Math.min(trailing, 12)); j--)
      found.push(text.slice(i, j));
  }
  return found;
}

/** Lower-case words (3+ letters or digits) of the user's e-mail and name, and the e-mail's whole local part. */
export function identityParts(identity: { email?: string | null; displayName?: string | null }): string[] {
  const email = (identity.email ?? '').toLowerCase();
  const local = email.split('@')[0] ?? '';
  const words = [email, identity.displayName ?? '']
    .flatMap((text) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    .filter((w) => w.length >= 3);
  // Longest first, so `maria.garcia` is removed before `maria`.
  return [...new Set([local, ...words].filter((w) => w.length >= 3))].sort((a, b) => b.length - a.length);
}

/**
 * Why a password may not be used, or undefined when it may. Refused: shorter than 12 characters; one of the
 * common passwords, also in other case, without spaces or punctuation, or with digits and symbols added around it
 * (`Password2024!`); runs and repeats (`aaaaaaaaaaaa`, `abcdefghijkl`, `123123123123`, `qwertyuiopas`); the user's
 * own e-mail or name with little else (`maria.garcia1`). Long passphrases of ordinary words pass.
 */
export function passwordProblem(
  password: string,
  identity: { email?: string | null; displayName?: string | null } = {},
): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const lower = password.toLowerCase();
  const compact = lower.replace(/[^\p{L}\p{N}]+/gu, '');
  const list = commonPasswords();
  if ([lower, ...cores(lower.replace(/\s+/g, '')), ...cores(compact)].some((form) => list.has(form))) {
    return 'is one of the most common passwords (or one with a few digits or symbols added): choose another';
  }
  if (effectiveLength(password) < MIN_EFFECTIVE_LENGTH || effectiveLength(compact) < MIN_EFFECTIVE_LENGTH) {
    return 'is mostly repeated or sequential characters (like aaaa, abcd, 1234 or qwerty): choose another';
  }
  let rest = lower;
  for (const part of identityParts(identity)) rest = rest.split(part).join(' ');
  // Counted in letters and digits: `maria.garcia@example.org!2024` leaves `2024`.
  const left = rest.replace(/[^\p{L}\p{N}]+/gu, '');
  if (
    rest !== lower &&
    (left.length < MIN_LEFT_BESIDES_IDENTITY || effectiveLength(left) < MIN_LEFT_BESIDES_IDENTITY)
  ) {
    return 'is mostly your own e-mail address or name: choose another';
  }
  return undefined;
}

/** Throws 400 `weak_password` naming the field when the password may not be used (API, CLI, first admin). */
export function assertPasswordAllowed(
  password: string,
  identity: { email?: string | null; displayName?: string | null },
  field = 'password',
): void {
  const problem = passwordProblem(password, identity);
  if (problem) {
    throw badRequest('weak_password', `The ${field} ${problem}.`, [
      { field, message: `${field} ${problem}` },
    ]);
  }
}
