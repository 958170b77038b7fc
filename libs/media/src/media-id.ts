import { randomString } from '@app/accounts';

/** A media id: 8 characters of [a-z0-9] (also its BullMQ job id and part of its storage keys). */
export const MEDIA_ID_PATTERN = /^[a-z0-9]{8}$/;
const MEDIA_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A new media id, never all digits: BullMQ refuses a job id that reads as an integer ("Custom Id cannot
 * be integers"), so such a media (about 1 in 28,000 of uniform ids) could never be queued.
 */
export function generateMediaId(random: () => string = () => randomString(MEDIA_ID_ALPHABET, 8)): string {
  for (;;) {
    const id = random();
    if (/[a-z]/.test(id)) return id;
  }
}

export function isMediaId(value: unknown): value is string {
  return typeof value === 'string' && MEDIA_ID_PATTERN.test(value);
}
