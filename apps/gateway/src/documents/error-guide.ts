import type { ActionType, ErrorCode } from '@app/errors';

/**
 * What each error means to a client and what to do about it. Typed by the catalogue's codes and the
 * action types, so a new code or action does not compile until it is documented here.
 */
export const ERROR_GUIDE: Readonly<Record<ErrorCode, { when: string; handle: string }>> = {
  unauthorized: { when: 'No key where one is required, or a key that is wrong or revoked (a wrong key is never treated as anonymous).', handle: 'Send `Authorization: Bearer img_live_…` with an active key, or create one with POST /v1/keys. Do not retry unchanged.' },
  forbidden: { when: 'The key lacks the ability (`read` or `write`), or the media belongs to another account.', handle: 'Use a key with the needed ability, on your own media. Do not retry unchanged.' },
  quota_exceeded: { when: 'The monthly uploads or the storage of the plan are used up.', handle: 'Follow `action` (verify or upgrade) and show `action.url` to the human; `usage` says what is used. Retry after they acted, or next month (`resets_at` of GET /v1/usage).' },
  registration_closed: { when: 'POST /v1/keys for an email whose team does not accept keys created by agents.', handle: 'Follow the `redirect` action: a human requests the key from the dashboard at `action.url`.' },
  key_limit_reached: { when: 'An unverified account already has 3 active keys.', handle: 'Follow the `verify` action (the human opens `action.url`), or revoke a key with DELETE /v1/keys/{key_id}.' },
  rate_limited: { when: 'Too many requests in a window. Always has a `Retry-After` header (seconds).', handle: 'With a `wait` action, sleep `action.seconds` and retry. Anonymous uploads get a `redirect` action to the quick start and `retry_after`: create a key for higher limits, or wait `retry_after` seconds.' },
  validation_error: { when: 'Bad input: a field, the JSON body, the content type.', handle: 'Read `errors` (field → messages), fix those fields and retry.' },
  not_found: { when: 'The media (or route) does not exist, was deleted, has expired, or is private and not yours.', handle: 'Do not retry; check the id.' },
  upload_failed: { when: 'The uploaded file could not be processed: unsupported or corrupt format, too large, over the pixel limit, or an internal fault.', handle: 'Read `message`. Send a supported, smaller image; retry only if it reads like an internal fault.' },
  fetch_failed: { when: 'An import could not fetch its URL: an error status, DNS or connection failure, a refused (non-public) address. 504 when the 30 s limit passed.', handle: 'Check that the URL is public and answers an image; a 504 may be retried later.' },
  import_failed: { when: 'An import fetched its URL but the body is not a usable image (unsupported, corrupt, too large).', handle: 'Read `message`; import another URL or upload the file.' },
  update_failed: { when: 'PATCH of a media failed on a storage or database fault; nothing was changed half-way.', handle: 'Retry later.' },
  delete_failed: { when: 'DELETE of a media failed on a storage or database fault; a retry finishes it.', handle: 'Retry the same DELETE.' },
  idempotency_key_conflict: { when: 'An `Idempotency-Key` already used (within 24 h, by this account or anonymous IP) with a different request: other fields or other file bytes.', handle: 'Do not retry with this key: use a new key for a new request.' },
  idempotency_key_in_progress: { when: 'The first request with this `Idempotency-Key` is still being answered. Has a `Retry-After` header.', handle: 'Wait `action.seconds` and repeat the same request with the same key: it gets the first request\'s answer.' },
  internal_error: { when: 'Any other unexpected fault.', handle: 'Retry later; send `X-Request-Id` to the operator if it persists.' },
};

export const ACTION_GUIDE: Readonly<Record<ActionType, string>> = {
  upgrade: 'Quota exceeded on a verified account: show `action.label` and the signed `action.url` (an upgrade page, valid 24 h) to the human.',
  verify: 'Unverified account limit: show `action.url` (the signed email-verification link, valid 7 days) to the human; after verifying, retry.',
  wait: 'Rate limited: wait `action.seconds` (also in `Retry-After`), then retry the same request.',
  redirect: 'Send the human to `action.url` (the dashboard, or the quick start to create a key) with `action.label` as the button text.',
};
