import type { ServerResponse } from 'http';
import type { Duplex } from 'stream';
import { protocolError, ProtocolFailure } from '@app/errors';
import { LINGER_MS } from './early-answer-close';
import { rawErrorResponse } from './error-response';

const FAILURE_BY_CODE: Record<string, ProtocolFailure> = {
  HPE_HEADER_OVERFLOW: 'headers_too_large',
  ERR_HTTP_REQUEST_TIMEOUT: 'timeout',
};


/**
 * The server's 'clientError' listener, replacing Node's empty-bodied 400/408/431: answers with the
 * documented JSON shape when the socket can still take an answer, otherwise just drops it.
 */
export function handleClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // Node's own rule: only answer if no response to this request has started on the wire.
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const requestId = inFlight?.getHeader('X-Request-Id');
  const answer = protocolError(FAILURE_BY_CODE[error.code ?? ''] ?? 'malformed');
  socket.end(rawErrorResponse(answer, typeof requestId === 'string' ? requestId : undefined), () => socket.destroy());
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}
