import { createHash, randomInt } from 'crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const KEY_PREFIX = 'img_live_';

export function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** 40 base62 characters ≈ 238 bits: a fast hash is enough, no key stretching needed. */
export function generateKeySecret(): string {
  return KEY_PREFIX + randomString(BASE62, 40);
}

export function generateKeyId(): string {
  return 'key_' + randomString(LOWER_ALNUM, 6);
}

export function hashKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
