/** Node's error codes for a peer that could not be reached or went away mid-call (the call itself was fine). */
const CONNECTION_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

export function isConnectionErrorCode(code: unknown): boolean {
  return typeof code === 'string' && CONNECTION_ERROR_CODES.has(code);
}
