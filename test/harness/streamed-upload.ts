import type { Server, Socket } from 'net';
import * as net from 'net';
import { BOUNDARY } from './multipart-body';

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

export interface StreamedUploadAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Whether the connection ended in a reset (ECONNRESET, EPIPE) rather than an orderly close. */
  reset: boolean;
}

const CHUNK = 64 * 1024;

/**
 * POSTs a large upload to /v1/upload over a bare socket, writing as fast as the server takes it, and
 * stops writing once the server has answered and closed; then reads the answer until the connection ends.
 */
export function streamedUpload(baseUrl: string, options: StreamedUploadOptions): Promise<StreamedUploadAnswer> {
  const url = new URL(baseUrl);
  const partHead = `${options.before ?? ''}--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
  const partTail = `\r\n--${BOUNDARY}--\r\n`;
  const bodyLength = Buffer.byteLength(partHead) + options.fileBytes + Buffer.byteLength(partTail);
  const head = [
    'POST /v1/upload HTTP/1.1',
    `Host: ${url.host}`,
    `Content-Type: multipart/form-data; boundary=${BOUNDARY}`,
    options.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${bodyLength}`,
    ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  const frame = (bytes: Buffer) => (options.chunked ? Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]) : bytes);

  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    const received: Buffer[] = [];
    let closed = false;
    let reset = false;
    if (options.writeBeforeReading) socket.pause();
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => (reset ||= error.code === 'ECONNRESET' || error.code === 'EPIPE'));
    socket.on('close', () => {
      closed = true;
      const answer = parseAnswer(Buffer.concat(received).toString('latin1'));
      if (answer) resolve({ ...answer, reset });
      else reject(new Error('the connection closed without an HTTP answer'));
    });
    const write = (bytes: Buffer) =>
      new Promise<boolean>((done) => {
        if (closed || socket.destroyed || !socket.writable) return done(false);
        const flushed = socket.write(bytes, (error) => error && done(false));
        if (flushed) setImmediate(() => done(!closed));
        else socket.once('drain', () => done(true)).once('close', () => done(false));
      });
    socket.once('connect', async () => {
      let going = await write(Buffer.from(head)) && await write(frame(Buffer.from(partHead)));
      const zeros = Buffer.alloc(CHUNK);
      for (let sent = 0; going && sent < options.fileBytes; sent += CHUNK) {
        if (sent >= (options.trickleAfterBytes ?? Infinity)) await new Promise((pause) => setTimeout(pause, options.trickleMs));
        going = await write(frame(zeros.subarray(0, Math.min(CHUNK, options.fileBytes - sent))));
      }
      if (going) going = await write(frame(Buffer.from(partTail)));
      if (going && options.chunked) await write(Buffer.from('0\r\n\r\n'));
      socket.resume();
    });
  });
}

function parseAnswer(text: string): Omit<StreamedUploadAnswer, 'reset'> | undefined {
  const headEnd = text.indexOf('\r\n\r\n');
  const status = /^HTTP\/1\.1 (\d{3})/.exec(text);
  if (headEnd < 0 || !status) return undefined;
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, headEnd).split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(headEnd + 4);
  if (headers['content-length']) body = body.slice(0, Number(headers['content-length']));
  try {
    return { status: Number(status[1]), headers, body: JSON.parse(body) };
  } catch {
    return { status: Number(status[1]), headers, body };
  }
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
