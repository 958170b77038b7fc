import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'crypto';

const VERSION = 'v1';
const SALT = 'imgpro webhook secrets';

interface SealingKey {
  id: string;
  key: Buffer;
}

function deriveKey(signingSecret: string): SealingKey {
  const derive = (info: string, length: number) => Buffer.from(hkdfSync('sha256', signingSecret, SALT, info, length));
  return { id: derive('key id', 6).toString('hex'), key: derive('aes-256-gcm key', 32) };
}

export class SealedSecretUnreadable extends Error {
  constructor(readonly keyId: string) {
    super(`webhook secret sealed under key ${keyId}, which neither SIGNING_SECRET nor WEBHOOK_SECRET_PREVIOUS derives`);
  }
}

/**
 * Webhook secrets at rest: AES-256-GCM under a key derived (HKDF-SHA256) from SIGNING_SECRET, stored as
 * `v1.<key id>.<iv>.<tag>.<ciphertext>`. The key id says which secret sealed a row, so after SIGNING_SECRET
 * changes the rows sealed under the old one stay readable while it is listed in WEBHOOK_SECRET_PREVIOUS,
 * until `npm run admin -- webhooks reseal` has sealed them all under the new one.
 */
export class SecretBox {
  private readonly current: SealingKey;
  private readonly readable: Map<string, SealingKey>;

  constructor(signingSecret: string, previousSecrets: readonly string[] = []) {
    this.current = deriveKey(signingSecret);
    this.readable = new Map([this.current, ...previousSecrets.map(deriveKey)].map((key) => [key.id, key]));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, this.current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  open(sealed: string): string {
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION) throw new Error(`unknown sealed secret version ${version}`);
    const key = this.readable.get(keyId);
    if (!key) throw new SealedSecretUnreadable(keyId);
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Whether a row was sealed under another key than the current one (a rotation still to finish). */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.current.id;
  }
}
