import { ApiError } from './api-error';

/** Failures of the HTTP exchange itself, which Node finds before any route runs. */
export type ProtocolFailure = 'malformed' | 'headers_too_large' | 'timeout' | 'expectation_failed';

const PROTOCOL_FAILURES: Record<ProtocolFailure, { status: number; field: string; message: string }> = {
  malformed: { status: 400, field: 'request', message: 'Malformed HTTP request' },
  headers_too_large: { status: 431, field: 'headers', message: 'Request headers are too large' },
  timeout: { status: 408, field: 'request', message: 'The request was not received in time' },
  expectation_failed: { status: 417, field: 'expect', message: 'Only "Expect: 100-continue" is supported' },
};

/** The statuses of those failures, which any route may answer (the OpenAPI document says so once, in its description). */
export const PROTOCOL_FAILURE_STATUSES: readonly number[] = Object.values(PROTOCOL_FAILURES).map((failure) => failure.status);

/**
 * The Error Reference has no code for these, so they answer as `validation_error` (bad input) in its
 * documented shape, but keep the HTTP status the protocol prescribes (400, 408, 417, 431) rather than 422:
 * clients, proxies and retry logic act on that status.
 */
export function protocolError(failure: ProtocolFailure): ApiError {
  const { status, field, message } = PROTOCOL_FAILURES[failure];
  return new ApiError('validation_error', { status, extras: { errors: { [field]: [message] } } });
}
