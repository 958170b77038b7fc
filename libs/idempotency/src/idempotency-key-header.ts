import { validationError } from '@app/errors';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_REPLAYED_HEADER = 'Idempotency-Replayed';

/** 1–255 printable ASCII characters (space to tilde); the OpenAPI document states this pattern. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/** The key a request sent, undefined when it sent none; anything else than one valid key is a 422 on the header. */
export function parseIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && IDEMPOTENCY_KEY_PATTERN.test(value)) return value;
  throw validationError({ [IDEMPOTENCY_KEY_HEADER]: ['Must be 1 to 255 printable ASCII characters'] });
}
