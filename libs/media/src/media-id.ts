import { randomString } from '@app/accounts';

/** A media id: 8 characters of [a-z0-9] (also its BullMQ job id and part of its storage keys). */
export const MEDIA_ID_PATTERN = /^[a-z0-9]{8}$/;
const MEDIA_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function generateMediaId(): string {
  return randomString(MEDIA_ID_ALPHABET, 8);
}

export function isMediaId(value: unknown): value is string {
  return typeof value === 'string' && MEDIA_ID_PATTERN.test(value);
}
