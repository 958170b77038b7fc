import type { IncomingMessage, ServerResponse } from 'http';
import type { Socket } from 'net';
import { hasBody } from './request-body';

/** Once an answer is written on a connection that is about to close, give the client this long to read it. */
export const LINGER_MS = 2000;
/** The most a lingering close reads (and discards) of a body the gateway has already answered; then it stops reading until LINGER_MS. */
export const LINGER_MAX_BYTES = 256 * 1024;

/**
 * A 'request' listener: an answer that starts before the request's body has arrived (a refusal, an
 * over-cap upload) closes the connection instead of letting Node read the rest of the body to keep it
 * alive (up to HTTP_REQUEST_TIMEOUT_MS of a body nobody wants). The close lingers: after the answer the
 * gateway half-closes and reads on for at most LINGER_MS and LINGER_MAX_BYTES, so a client that writes
 * its whole body before reading can still finish writing and read the answer, instead of a reset
 * discarding it.
 */
export function closeOnEarlyAnswer(req: IncomingMessage, res: ServerResponse): void {
  if (!hasBody(req)) return;
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    if (!req.complete && !this.headersSent) {
      this.setHeader('Connection', 'close');
      lingerInsteadOfDestroy(req, req.socket);
    }
    return writeHead.apply(this, args);
  } as ServerResponse['writeHead'];
}

/**
 * Node ends a `Connection: close` response with `socket.destroySoon()`, which destroys the socket as
 * soon as the answer is handed to the kernel: with the client's unread body still arriving, that sends
 * a reset, and many clients then lose the answer. Replaced, for this one socket, by a bounded linger.
 */
function lingerInsteadOfDestroy(req: IncomingMessage, socket: Socket): void {
  (socket as Socket & { destroySoon(): void }).destroySoon = () => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    let discarded = 0;
    const discard = (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded < LINGER_MAX_BYTES) return;
      // Enough read: stop reading, but do not reset yet. The client's writes now stall on a full window while
      // it reads the answer and the FIN; destroying here would reset a client still writing before it read them.
      req.off('data', discard);
      req.pause();
      socket.pause();
    };
    req.on('data', discard);
    req.once('end', () => socket.destroy());
    req.once('error', () => socket.destroy());
    req.resume();
  };
}
