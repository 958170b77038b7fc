/** The product owner's Error Reference as one table: code → HTTP status and default message. */
export const ERROR_CATALOGUE = {
  unauthorized: { status: 401, message: 'Invalid or missing API key' },
  forbidden: { status: 403, message: 'Insufficient permissions' },
  quota_exceeded: { status: 403, message: 'Monthly upload limit reached.' },
  registration_closed: { status: 403, message: 'This account does not accept new API key registrations.' },
  key_limit_reached: {
    status: 403,
    message: 'Unverified accounts can have 3 active keys. Verify your email to create more.',
  },
  rate_limited: { status: 429, message: 'Too many requests. Try again later.' },
  validation_error: { status: 422, message: 'Validation failed' },
  not_found: { status: 404, message: 'Media not found' },
  upload_failed: { status: 500, message: 'Upload failed' },
  fetch_failed: { status: 502, message: 'URL fetch failed' },
  import_failed: { status: 500, message: 'Import failed' },
  update_failed: { status: 500, message: 'Update failed' },
  delete_failed: { status: 500, message: 'Delete failed' },
  idempotency_key_conflict: { status: 409, message: 'This Idempotency-Key was already used with a different request.' },
  idempotency_key_in_progress: { status: 409, message: 'A request with this Idempotency-Key is still in progress.' },
  internal_error: { status: 500, message: 'Internal server error' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CATALOGUE, value);
}
