import type { IncomingMessage } from 'http';
import { LINGER_MAX_BYTES } from '../http/early-answer-close';

const MB = 1024 * 1024;

/** Room for the multipart framing and the other fields on top of the file cap (SPEC §5). */
export const MULTIPART_ALLOWANCE_BYTES = MB;
/** Read ahead of the gateway's stop: what the socket may already have taken in when reading stops. */
const READ_AHEAD_BYTES = 64 * 1024;

/** The body's declared length, or undefined for a chunked body. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const length = req.headers['content-length'];
  return length === undefined || req.headers['transfer-encoding'] !== undefined ? undefined : Number(length);
}

/** A declared body too long to hold a file within the cap: it is refused before any of it is read. */
export function declaredOverCap(req: IncomingMessage, maxFileBytes: number): number | undefined {
  const length = declaredLength(req);
  return length !== undefined && length > maxFileBytes + MULTIPART_ALLOWANCE_BYTES ? length : undefined;
}

/**
 * How much of a chunked body is read before it is refused, so that with what the socket reads ahead and
 * what the lingering close reads after the answer, the gateway never reads more than the cap plus the allowance.
 */
export function chunkedBodyLimit(maxFileBytes: number): number {
  return maxFileBytes + MULTIPART_ALLOWANCE_BYTES - LINGER_MAX_BYTES - READ_AHEAD_BYTES;
}
