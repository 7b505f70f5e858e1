import { FieldCipher } from '../privacy/field-cipher';
import { CaseHandoff } from './case.entity';

/**
 * Handoff notes (health, mental health, school, safety flags) are as sensitive as contact data: stored as the
 * JSON text encrypted with the FieldCipher (`cases.handoff_enc`), NULL when there are none. They are read only
 * here, in the application; no SQL looks inside them.
 */
export function sealHandoff(cipher: FieldCipher, handoff: CaseHandoff | undefined): string | null {
  if (!handoff) return null;
  const present = Object.fromEntries(
    Object.entries(handoff).filter(([, v]) => v !== undefined && v !== null),
  );
  return Object.keys(present).length ? cipher.encrypt(JSON.stringify(present)) : null;
}

export function openHandoff(cipher: FieldCipher, sealed: string | null): CaseHandoff {
  return sealed ? (JSON.parse(cipher.decrypt(sealed)) as CaseHandoff) : {};
}
