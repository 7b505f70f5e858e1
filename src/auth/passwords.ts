import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's second recommended profile (19 MiB, 2 passes): memory-hard, ~25 ms here.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** A hash to verify against when the e-mail is unknown, so a miss takes as long as a wrong password. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash('no-such-user-' + Math.random().toString(36), OPTIONS);
  return dummyHash;
}
