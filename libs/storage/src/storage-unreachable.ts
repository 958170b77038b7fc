import { isConnectionErrorCode } from '@app/errors';

/**
 * Whether an S3 call failed because the store could not be reached (the SDK marks the errors of its calls
 * with `$metadata`; its timeouts are named TimeoutError), rather than that it refused the request.
 */
export function isStorageUnreachable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return false;
  const { code, name } = error as { code?: unknown; name?: unknown };
  return name === 'TimeoutError' || isConnectionErrorCode(code);
}
