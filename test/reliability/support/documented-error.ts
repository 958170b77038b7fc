import { ERROR_CATALOGUE, ErrorCode, isErrorCode } from '@app/errors';

/** Statuses the Error Reference documents beside the catalogue's one: a fetch that timed out is 504. */
const OTHER_STATUSES: Partial<Record<ErrorCode, number[]>> = { fetch_failed: [504] };

/** Whether an answer is a documented JSON error: a catalogue code, with a status the Error Reference gives it. */
export function isDocumentedError(status: number, body: unknown): boolean {
  const code = (body as { error?: unknown } | undefined)?.error;
  if (!isErrorCode(code) || typeof (body as { message?: unknown }).message !== 'string') return false;
  return ERROR_CATALOGUE[code].status === status || (OTHER_STATUSES[code] ?? []).includes(status);
}

/** HTTP statuses Node's own checks answer with (malformed, timed out, expectation, headers too large). */
const PROTOCOL_STATUSES = new Set([400, 408, 417, 431]);

/**
 * Whether an answer is the gateway's JSON for a broken HTTP exchange: `validation_error` in its documented
 * shape, with the protocol's status (see libs/errors/src/protocol-error.ts).
 */
export function isProtocolError(status: number, body: unknown): boolean {
  const typed = body as { error?: unknown; message?: unknown; errors?: unknown } | undefined;
  return PROTOCOL_STATUSES.has(status) && typed?.error === 'validation_error' && typed.message === 'Validation failed' && typeof typed.errors === 'object';
}
