import * as http from 'http';

/** Keep-alive, like any real client: latency figures should not include TCP set-up per upload. */
export const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface HttpResult {
  status: number;
  body: string;
}

/** Sends one request; `write` streams the body (respecting back-pressure) and must end `req`. */
export function send(url: string, options: http.RequestOptions, write: (req: http.ClientRequest) => void): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    write(req);
  });
}

export function expectStatus(result: HttpResult, expected: number, what: string): void {
  if (result.status !== expected) throw new Error(`${what}: expected ${expected}, got ${result.status}: ${result.body.slice(0, 500)}`);
}
