import * as http from 'http';
import { agent } from './http';

export interface TimedGet {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Request sent → status line and headers received (the first byte of the answer). */
  firstByteMs: number;
  totalMs: number;
}

/** One keep-alive GET, timed to its first byte and to its end, with the body kept as bytes. */
export function timedGet(url: string, headers: http.OutgoingHttpHeaders = {}): Promise<TimedGet> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(url, { agent, headers }, (res) => {
      const firstByteMs = performance.now() - started;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), firstByteMs, totalMs: performance.now() - started }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}
