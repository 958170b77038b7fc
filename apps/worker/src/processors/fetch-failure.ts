import { JobFailure } from '@app/errors';
import { FetchError } from '@app/fetch';

/** How a failed fetch is answered: timeouts 504, other fetch problems 502, an oversized body import_failed. */
export function fetchFailureToJobFailure(error: FetchError): JobFailure {
  if (error.kind === 'timeout') return { code: 'fetch_failed', status: 504, message: 'URL fetch timeout' };
  if (error.kind === 'too_large') return { code: 'import_failed', status: 500, message: error.message };
  return { code: 'fetch_failed', status: 502, message: error.message };
}
