import { randomString } from '@app/accounts';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

// Key secrets and ids are account rules and live in @app/accounts; only the media id is made here.
export function generateMediaId(): string {
  return randomString(LOWER_ALNUM, 8);
}
