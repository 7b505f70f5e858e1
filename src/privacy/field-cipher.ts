import { createCipheriv, createDecipheriv, createHmac, randomFillSync } from 'node:crypto';

/**
 * Encryption of personal fields at rest (A-number, phone, e-mail, street address): AES-256-GCM with a random
 * 96-bit IV per value. Stored as `v1.<keyId>.<base64url(iv ‖ tag ‖ ciphertext)>`, so values written under an
 * older key stay readable after the active key changes (rotation), and any tampering fails authentication.
 */
export class FieldCipher {
  private readonly keys: Map<string, Buffer>;
  // IVs come from a pool filled by the CSPRNG 4 KiB at a time: one call per value was a tenth of bulk import time.
  private readonly ivPool = Buffer.alloc(4096);
  private ivOffset = this.ivPool.length;

  constructor(
    keys: Map<string, Buffer>,
    private readonly activeKeyId: string,
    private readonly blindIndexKey: Buffer,
  ) {
    if (!keys.has(activeKeyId))
      throw new Error(`ENCRYPTION_ACTIVE_KEY_ID ${activeKeyId} is not among ENCRYPTION_KEYS`);
    if (blindIndexKey.length < 32) throw new Error('BLIND_INDEX_KEY must decode to at least 32 bytes');
    this.keys = keys;
  }

  /** `ENCRYPTION_KEYS=k1:base64,k2:base64`; the active key defaults to the first. */
  static fromSettings(settings: {
    encryptionKeys?: string;
    activeKeyId?: string;
    blindIndexKey?: string;
  }): FieldCipher {
    if (!settings.encryptionKeys || !settings.blindIndexKey)
      throw new Error('ENCRYPTION_KEYS and BLIND_INDEX_KEY are required');
    const keys = new Map<string, Buffer>();
    for (const part of settings.encryptionKeys
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [id, material] = part.split(':');
      const key = Buffer.from(material ?? '', 'base64');
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(id ?? '') || key.length !== 32) {
        throw new Error(`ENCRYPTION_KEYS entry "${id ?? ''}" must be keyid:<base64 of 32 bytes>`);
      }
      keys.set(id, key);
    }
    const active = settings.activeKeyId ?? [...keys.keys()][0];
    return new FieldCipher(keys, active, Buffer.from(settings.blindIndexKey, 'base64'));
  }

  encrypt(plaintext: string): string;
  encrypt(plaintext: string | null | undefined): string | null;
  encrypt(plaintext: string | null | undefined): string | null {
    if (plaintext === null || plaintext === undefined) return null;
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v1.${this.activeKeyId}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  decrypt(stored: string): string;
  decrypt(stored: string | null | undefined): string | null;
  decrypt(stored: string | null | undefined): string | null {
    if (stored === null || stored === undefined) return null;
    const [version, keyId, payload] = stored.split('.');
    const key = this.keys.get(keyId ?? '');
    if (version !== 'v1' || !key || !payload)
      throw new Error(`cannot decrypt a value under unknown key "${keyId ?? ''}"`);
    const raw = Buffer.from(payload, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  private nextIv(): Buffer {
    if (this.ivOffset + 12 > this.ivPool.length) {
      randomFillSync(this.ivPool);
      this.ivOffset = 0;
    }
    // A copy, so refilling the pool can never alter an IV still in use.
    const iv = Buffer.from(this.ivPool.subarray(this.ivOffset, this.ivOffset + 12));
    this.ivOffset += 12;
    return iv;
  }

  /** Deterministic keyed hash for exact-match lookup of an encrypted value (e.g. by A-number). */
  blindIndex(normalized: string): string {
    return createHmac('sha256', this.blindIndexKey).update(normalized).digest('base64url');
  }

  /** True when the value was written under a key other than the active one (a rotation job re-encrypts these). */
  needsRotation(stored: string): boolean {
    return stored.split('.')[1] !== this.activeKeyId;
  }
}
