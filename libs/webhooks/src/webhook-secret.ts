import { randomBytes } from 'crypto';

const SECRET_PREFIX = 'whsec_';
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A Standard Webhooks secret: `whsec_` and the base64 of 32 random bytes (the HMAC key the receiver decodes). */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** The HMAC key a secret stands for. */
export function webhookSecretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

function randomId(length: number): string {
  // 256 % 36 leaves a bias of under 1 % per character: fine for an identifier that is not a secret.
  return Array.from(randomBytes(length), (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

export const newWebhookId = (): string => `wh_${randomId(16)}`;
