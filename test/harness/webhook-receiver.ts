import * as http from 'http';
import type { AddressInfo } from 'net';
import { Webhook } from 'standardwebhooks';

/** How the receiver answers a path: a status, or one of the hostile behaviours. */
export type ReceiverBehaviour =
  | { status: number }
  | { hang: true }
  | { redirectTo: string }
  | { hugeBody: number };

export interface ReceivedDelivery {
  path: string;
  id: string;
  timestamp: number;
  body: any;
  /** Webhook.verify (the Standard Webhooks reference library) with the path's secret passed. */
  verified: boolean;
  at: number;
}

export interface WebhookReceiver {
  url(path: string): string;
  /** What `path` answers (default 204), and the secret its deliveries are verified with. */
  on(path: string, behaviour: ReceiverBehaviour): void;
  secret(path: string, secret: string): void;
  deliveries(path?: string): ReceivedDelivery[];
  /** Bytes the huge-body answers managed to write before the client went away. */
  hugeBytesWritten: number[];
  close(): Promise<void>;
}

/** A real HTTP server receiving webhooks on loopback, verifying each with the reference library. */
export async function startWebhookReceiver(host = '127.0.0.1'): Promise<WebhookReceiver> {
  const behaviours = new Map<string, ReceiverBehaviour>();
  const secrets = new Map<string, string>();
  const received: ReceivedDelivery[] = [];
  const hugeBytesWritten: number[] = [];
  const hanging = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers = { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) };
      let verified = false;
      try {
        const secret = secrets.get(path);
        if (secret) {
          new Webhook(secret).verify(raw, headers);
          verified = true;
        }
      } catch {
        verified = false;
      }
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        /* recorded as text */
      }
      received.push({ path, id: headers['webhook-id'], timestamp: Number(headers['webhook-timestamp']), body, verified, at: Date.now() });
      const behaviour = behaviours.get(path) ?? { status: 204 };
      if ('hang' in behaviour) {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      if ('redirectTo' in behaviour) return void res.writeHead(301, { Location: behaviour.redirectTo }).end();
      if ('hugeBody' in behaviour) return void streamHuge(res, behaviour.hugeBody, (written) => hugeBytesWritten.push(written));
      res.writeHead(behaviour.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://${host}:${port}${path}`,
    on: (path, behaviour) => void behaviours.set(path, behaviour),
    secret: (path, secret) => void secrets.set(path, secret),
    deliveries: (path) => received.filter((delivery) => path === undefined || delivery.path === path),
    hugeBytesWritten,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers 200 with `total` bytes, written as fast as the client reads; reports how many went out before it left. */
function streamHuge(res: http.ServerResponse, total: number, done: (written: number) => void): void {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(total) });
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let written = 0;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done(written);
  };
  res.on('close', finish);
  const pump = (): void => {
    while (written < total && !res.destroyed) {
      written += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (written >= total) res.end(finish);
  };
  pump();
}
