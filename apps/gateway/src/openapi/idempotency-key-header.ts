import { ApiHeader } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_PATTERN, IDEMPOTENCY_REPLAYED_HEADER } from '@app/idempotency';

/** The optional `Idempotency-Key` request header of the create routes (SPEC §3). */
export const ApiIdempotencyKey = () =>
  ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      `1–255 printable ASCII characters, scoped to your key's account (or your IP when anonymous), kept 24 h. ` +
      `Repeating the same request with the same key answers the first answer again (header \`${IDEMPOTENCY_REPLAYED_HEADER}: true\`) ` +
      'without a second media, quota or rate-limit count; after a 202 the repeat answers the media’s current state. ' +
      'Another request with the key → 409 `idempotency_key_conflict`; while the first is still answered → 409 `idempotency_key_in_progress` (wait `Retry-After`).',
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY_PATTERN.source },
  });
