import { SealedSecretUnreadable, SecretBox } from './secret-box';

describe('SecretBox', () => {
  const secret = 'whsec_' + Buffer.alloc(32, 7).toString('base64');

  it('seals so that only the same signing secret opens, and the sealed text shows nothing of the secret', () => {
    const box = new SecretBox('signing-1');
    const sealed = box.seal(secret);
    expect(sealed).not.toContain(secret.slice(6, 20));
    expect(box.open(sealed)).toBe(secret);
    expect(new SecretBox('signing-1').open(sealed)).toBe(secret);
    expect(() => new SecretBox('signing-2').open(sealed)).toThrow(SealedSecretUnreadable);
    expect(box.seal(secret)).not.toBe(sealed); // a fresh IV each time
  });

  it('refuses a ciphertext that was tampered with', () => {
    const box = new SecretBox('signing-1');
    const parts = box.seal(secret).split('.');
    const bytes = Buffer.from(parts[4], 'base64url');
    bytes[0] ^= 1;
    parts[4] = bytes.toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
  });

  it('reads rows sealed under a previous SIGNING_SECRET listed in WEBHOOK_SECRET_PREVIOUS, and calls them stale', () => {
    const old = new SecretBox('signing-1').seal(secret);
    const rotated = new SecretBox('signing-2', ['signing-1']);
    expect(rotated.open(old)).toBe(secret);
    expect(rotated.isStale(old)).toBe(true);
    expect(rotated.isStale(rotated.seal(secret))).toBe(false);
  });
});
