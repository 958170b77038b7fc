import type { IncomingMessage, ServerResponse } from 'http';
import { protocolError } from '@app/errors';
import { sendErrorAndClose } from './error-response';
import { hasBody } from './request-body';

/**
 * A 'request' listener that cuts off a request whose body stops arriving for `idleMs` (408 when no
 * answer has started yet). Only the body is guarded: once it is complete the handler may take as long as
 * it needs (an upload waits for its job), and keep-alive idling is Node's keepAliveTimeout.
 */
export function bodyIdleGuard(idleMs: number): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (!hasBody(req)) return;
    // Node emits 'timeout' on the request only while its body is incomplete...
    req.setTimeout(idleMs, () => {
      // The socket is quiet because the gateway stopped reading (staging a part to slow storage): the
      // client is not idle, so wait another period rather than blame it.
      if (heldByTheGateway(req)) return void req.socket.setTimeout(idleMs);
      if (res.headersSent) req.socket.destroy();
      else sendErrorAndClose(res, protocolError('timeout'));
    });
    // ...and on the response otherwise: the body is in, so stop the clock instead of dropping the socket.
    res.on('timeout', () => {
      if (req.complete) req.socket.setTimeout(0);
    });
  };
}

/** Whether the body's reader is the one waiting: it paused the body, or has not taken what arrived. */
function heldByTheGateway(req: IncomingMessage): boolean {
  return req.readableFlowing === false || req.readableLength > 0;
}
