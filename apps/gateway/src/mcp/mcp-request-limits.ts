import type { Request } from 'express';
import { ApiError, fileTooLargeMessage } from '@app/errors';
import { declaredLength } from '../upload/upload-size-limits';

const MB = 1024 * 1024;

/** The most a /mcp body may hold: the caller's upload cap as base64 (×4/3) plus 1 MB for the JSON-RPC around it. */
export function mcpBodyLimit(maxFileBytes: number): number {
  return Math.ceil((maxFileBytes * 4) / 3) + MB;
}

/** The REST answer to an upload over the cap, for a body of this many bytes (its file is about 3/4 of it). */
export function mcpBodyTooLarge(bodyBytes: number, maxFileBytes: number): ApiError {
  return new ApiError('upload_failed', { message: fileTooLargeMessage(Math.floor((bodyBytes * 3) / 4), maxFileBytes), headers: { Connection: 'close' } });
}

/** The body as text, refused (before any JSON parsing) once it passes the limit; a declared length over it is refused unread. */
export async function readMcpBody(req: Request, maxFileBytes: number): Promise<string> {
  const limit = mcpBodyLimit(maxFileBytes);
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limit) throw mcpBodyTooLarge(declared, maxFileBytes);
  // Listeners rather than an async iterator: leaving one early destroys the request, and the socket with the answer.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= limit) return void chunks.push(chunk);
      req.off('data', onData).pause();
      reject(mcpBodyTooLarge(bytes, maxFileBytes));
    };
    req.on('data', onData);
    req.once('end', () => {
      // The pieces go as soon as they are joined: the body is held at most twice (bytes, then text) while read.
      const body = Buffer.concat(chunks, bytes);
      chunks.length = 0;
      resolve(body.toString('utf8'));
    });
    req.once('error', reject);
  });
}

/** DNS-rebinding guard: a browser's request must come from the service's own pages. */
export function checkOrigin(req: Request, ownOrigins: ReadonlySet<string>): void {
  const origin = req.headers.origin;
  if (origin !== undefined && !ownOrigins.has(origin)) throw new ApiError('forbidden', { message: 'Origin not allowed' });
}
