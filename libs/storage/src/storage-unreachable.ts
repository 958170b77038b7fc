const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Whether an S3 call failed because the store could not be reached (the SDK marks the errors of its calls
 * with `$metadata`; its timeouts are named TimeoutError), rather than that it refused the request.
 */
export function isStorageUnreachable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return false;
  const { code, name } = error as { code?: unknown; name?: unknown };
  return name === 'TimeoutError' || (typeof code === 'string' && NETWORK_CODES.has(code));
}
