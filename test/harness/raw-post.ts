import * as net from 'net';

export interface RawPostRequest {
  path: string;
  headers: Record<string, string>;
  /** The body's length for Content-Length; without it the body is sent with Transfer-Encoding: chunked. */
  contentLength?: number;
  /** The body, produced piece by piece as the server takes it. */
  body: AsyncIterable<Buffer> | Iterable<Buffer>;
  /**
   * Behave like a client that writes its whole request before it reads anything: the socket does not
   * read until every byte is written, writing failed, or a write has waited STALL_MS for the server to take it.
   */
  writeBeforeReading?: boolean;
}

/** How long a write-first client waits on a server that stopped reading before it reads what came back. */
const STALL_MS = 250;

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Whether the connection ended in a reset (ECONNRESET, EPIPE) rather than an orderly close. */
  reset: boolean;
}

/**
 * POSTs over a bare socket, writing as fast as the server takes it, and stops writing once the server has
 * answered and closed; then reads the answer until the connection ends. Unlike an `http` client, a write
 * failing because the server already answered (EPIPE) never hides that answer.
 */
export function rawPost(baseUrl: string, request: RawPostRequest): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const chunked = request.contentLength === undefined;
  const head = [
    `POST ${request.path} HTTP/1.1`,
    `Host: ${url.host}`,
    chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${request.contentLength}`,
    ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  const frame = (bytes: Buffer) => (chunked ? Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]) : bytes);

  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    const received: Buffer[] = [];
    let closed = false;
    let reset = false;
    if (request.writeBeforeReading) socket.pause();
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
        if (flushed) return void setImmediate(() => done(!closed));
        const stalled = request.writeBeforeReading ? setTimeout(() => socket.resume(), STALL_MS) : undefined;
        const settle = (going: boolean) => {
          clearTimeout(stalled);
          done(going);
        };
        socket.once('drain', () => settle(true)).once('close', () => settle(false));
      });
    socket.once('connect', async () => {
      let going = await write(Buffer.from(head));
      for await (const piece of request.body) {
        if (!going) break;
        going = await write(frame(piece));
      }
      if (going && chunked) await write(Buffer.from('0\r\n\r\n'));
      socket.resume();
    });
  });
}

function parseAnswer(text: string): Omit<RawAnswer, 'reset'> | undefined {
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
  else if (headers['transfer-encoding'] === 'chunked') body = unchunk(body);
  try {
    return { status: Number(status[1]), headers, body: JSON.parse(body) };
  } catch {
    return { status: Number(status[1]), headers, body };
  }
}

function unchunk(text: string): string {
  let out = '';
  for (let at = 0; ; ) {
    const lineEnd = text.indexOf('\r\n', at);
    if (lineEnd < 0) return out;
    const size = parseInt(text.slice(at, lineEnd), 16);
    if (!size) return out;
    out += text.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}
