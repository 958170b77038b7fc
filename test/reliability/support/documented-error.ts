import { ERROR_CATALOGUE, isErrorCode } from '@app/errors';

/** Whether an answer is a documented JSON error: a catalogue code, with the catalogue's status for it. */
export function isDocumentedError(status: number, body: unknown): boolean {
  const code = (body as { error?: unknown } | undefined)?.error;
  return isErrorCode(code) && ERROR_CATALOGUE[code].status === status && typeof (body as { message?: unknown }).message === 'string';
}
