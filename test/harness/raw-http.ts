import * as net from 'net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from connecting until the server closed the connection. */
  closedAfterMs: number;
}

/** A pause between two writes, in milliseconds. */
export interface Pause {
  pauseMs: number;
}

/**
 * Speaks HTTP/1.1 over a bare socket: writes `parts` in order (pausing where told, and stopping once the
 * server has closed), then reads until the server closes the connection. For requests no HTTP client
 * would send: oversized or broken headers, bodies that trickle in or stop.
 */
export function rawHttp(baseUrl: string, parts: Array<string | Buffer | Pause>, giveUpAfterMs = 20_000): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const received: Buffer[] = [];
    const socket = net.connect(Number(url.port), url.hostname);
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${giveUpAfterMs} ms`));
    }, giveUpAfterMs);
    let closed = false;
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer is read is fine; no answer is checked below
    socket.on('close', () => {
      closed = true;
      clearTimeout(giveUp);
      const text = Buffer.concat(received).toString('latin1');
      const answer = parseResponse(text, Date.now() - started);
      if (answer) resolve(answer);
      else reject(new Error(`no HTTP response before the connection closed: ${JSON.stringify(text)}`));
    });
    socket.once('connect', async () => {
      for (const part of parts) {
        if (closed) return;
        if (typeof part === 'object' && 'pauseMs' in part) await new Promise((done) => setTimeout(done, part.pauseMs));
        else socket.write(part);
      }
    });
  });
}

function parseResponse(text: string, closedAfterMs: number): RawResponse | undefined {
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [statusLine, ...headerLines] = text.slice(0, headEnd).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!status) return undefined;
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(status[1]), headers, body: text.slice(headEnd + 4), closedAfterMs };
}
