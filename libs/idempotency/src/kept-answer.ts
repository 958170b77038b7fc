import { ApiError, ErrorCode } from '@app/errors';

/** Final answers about the media (SPEC §3); any other error releases the key, so its retry is a fresh attempt. */
const KEPT_ERRORS: ReadonlySet<ErrorCode> = new Set(['upload_failed', 'import_failed', 'fetch_failed']);

export function isKeptError(error: unknown): error is ApiError {
  return error instanceof ApiError && KEPT_ERRORS.has(error.code);
}
