import { randomUUID } from 'crypto';
import { STATUS_CODES, ServerResponse } from 'http';
import type { ApiError } from '@app/errors';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * A whole HTTP/1.1 error response as bytes, for a socket that has no usable ServerResponse (the request
 * could not even be parsed). The connection is closed afterwards: its state is unknown.
 */
export function rawErrorResponse(error: ApiError, requestId: string = randomUUID()): string {
  const body = JSON.stringify(error.toBody());
  return [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}`,
    `Content-Type: ${JSON_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** Answers with `error` and closes the connection, keeping headers already set (the request id). */
export function sendErrorAndClose(res: ServerResponse, error: ApiError): void {
  const body = JSON.stringify(error.toBody());
  if (!res.hasHeader('X-Request-Id')) res.setHeader('X-Request-Id', randomUUID());
  res.shouldKeepAlive = false;
  res.writeHead(error.status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
  res.end(body, () => res.socket?.destroy());
}
