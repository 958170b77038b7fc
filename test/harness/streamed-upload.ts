import type { Server, Socket } from 'net';
import { BOUNDARY } from './multipart-body';
import { rawPost, RawAnswer } from './raw-post';

export interface StreamedUploadOptions {
  /** Bytes of the file part's content (zeros). */
  fileBytes: number;
  /** Send with Transfer-Encoding: chunked instead of a Content-Length. */
  chunked: boolean;
  /** Multipart text sent before the file part (other fields, an earlier file part). */
  before?: string;
  headers?: Record<string, string>;
  /**
   * Behave like a client that writes its whole request before it reads anything: the socket does not
   * read until every byte is written (or writing failed).
   */
  writeBeforeReading?: boolean;
  /** Past this many bytes of the file, pause `trickleMs` between chunks (a client on a slow link). */
  trickleAfterBytes?: number;
  trickleMs?: number;
}

export type StreamedUploadAnswer = RawAnswer;

const CHUNK = 64 * 1024;

/**
 * POSTs a large upload to /v1/upload over a bare socket, writing as fast as the server takes it, and
 * stops writing once the server has answered and closed; then reads the answer until the connection ends.
 */
export function streamedUpload(baseUrl: string, options: StreamedUploadOptions): Promise<StreamedUploadAnswer> {
  const partHead = Buffer.from(`${options.before ?? ''}--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
  const partTail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  async function* body() {
    yield partHead;
    const zeros = Buffer.alloc(CHUNK);
    for (let sent = 0; sent < options.fileBytes; sent += CHUNK) {
      if (sent >= (options.trickleAfterBytes ?? Infinity)) await new Promise((pause) => setTimeout(pause, options.trickleMs));
      yield zeros.subarray(0, Math.min(CHUNK, options.fileBytes - sent));
    }
    yield partTail;
  }
  return rawPost(baseUrl, {
    path: '/v1/upload',
    headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, ...options.headers },
    contentLength: options.chunked ? undefined : partHead.length + options.fileBytes + partTail.length,
    body: body(),
    writeBeforeReading: options.writeBeforeReading,
  });
}

/**
 * Remembers every connection a server accepts, so a test can read how many bytes the server's own socket
 * took in (`bytesRead`, kept after the socket closes).
 */
export function recordServerSockets(server: Server): { latest(): Socket; closed(socket: Socket): Promise<void> } {
  const sockets: Socket[] = [];
  server.on('connection', (socket: Socket) => sockets.push(socket));
  return {
    latest: () => sockets[sockets.length - 1],
    closed: (socket) => (socket.destroyed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()))),
  };
}
