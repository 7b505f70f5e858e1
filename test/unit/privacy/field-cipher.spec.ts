import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { FieldCipher } from '../../../src/privacy/field-cipher';

const key = () => randomBytes(32).toString('base64');

describe('field encryption', () => {
  const k1 = key();
  const blind = key();
  const cipher = FieldCipher.fromSettings({ encryptionKeys: `k1:${k1}`, blindIndexKey: blind });

  it('round-trips any text and never stores it in the clear', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (text) => {
        const stored = cipher.encrypt(text);
        expect(cipher.decrypt(stored)).toBe(text);
        if (text.length > 3) expect(stored).not.toContain(text);
      }),
    );
  });

  it('uses a fresh IV for every value, across refills of the IV pool', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 2000; i++)
      ivs.add(
        Buffer.from(cipher.encrypt('123456789').split('.')[2], 'base64url').subarray(0, 12).toString('hex'),
      );
    expect(ivs.size).toBe(2000);
  });

  it('detects tampering', () => {
    const stored = cipher.encrypt('+12025550143');
    const [v, id, payload] = stored.split('.');
    const bytes = Buffer.from(payload, 'base64url');
    bytes[bytes.length - 1] ^= 1;
    expect(() => cipher.decrypt(`${v}.${id}.${bytes.toString('base64url')}`)).toThrow();
  });

  it('reads values written under an older key after rotation, and writes with the new one', () => {
    const old = cipher.encrypt('A-123');
    const rotated = FieldCipher.fromSettings({
      encryptionKeys: `k1:${k1},k2:${key()}`,
      activeKeyId: 'k2',
      blindIndexKey: blind,
    });
    expect(rotated.decrypt(old)).toBe('A-123');
    expect(rotated.needsRotation(old)).toBe(true);
    expect(rotated.encrypt('x').split('.')[1]).toBe('k2');
    expect(rotated.blindIndex('123456789')).toBe(cipher.blindIndex('123456789'));
  });

  it('gives a stable blind index that differs per key and per value', () => {
    const other = FieldCipher.fromSettings({ encryptionKeys: `k1:${k1}`, blindIndexKey: key() });
    expect(cipher.blindIndex('123456789')).toBe(cipher.blindIndex('123456789'));
    expect(cipher.blindIndex('123456789')).not.toBe(cipher.blindIndex('123456788'));
    expect(other.blindIndex('123456789')).not.toBe(cipher.blindIndex('123456789'));
  });

  it('refuses malformed key settings with a clear message', () => {
    expect(() => FieldCipher.fromSettings({ encryptionKeys: 'k1:short', blindIndexKey: blind })).toThrow(
      /32 bytes/,
    );
    expect(() =>
      FieldCipher.fromSettings({ encryptionKeys: `k1:${k1}`, activeKeyId: 'k9', blindIndexKey: blind }),
    ).toThrow(/k9/);
    expect(() => cipher.decrypt('v1.k7.AAAA')).toThrow(/unknown key/);
  });
});
