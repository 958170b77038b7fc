import type { IncomingMessage, RequestListener, ServerResponse } from 'http';
import { Readable } from 'stream';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createS3Client } from '@app/storage';
import { LocalServer, startServer } from '../../libs/fetch/src/testing/local-server';
import { mediaRows } from './media-rows';
import type { TestService } from './test-service';

/**
 * A local HTTP server on 127.0.0.1 (port 0) that plays the remote site an import fetches from.
 * Each test registers the paths it needs; the server counts the requests every path received.
 */
export interface ImportSource {
  origin: string;
  /** The underlying server: every request and connection it saw. */
  server: LocalServer;
  /** Serves `handler` at `path` (query strings are ignored when matching); returns the absolute URL. */
  route(path: string, handler: RequestListener): string;
  url(pathAndQuery: string): string;
  /** How many requests reached `path`. */
  hits(path: string): number;
  close(): Promise<void>;
}

export async function startImportSource(): Promise<ImportSource> {
  const routes = new Map<string, RequestListener>();
  const hits = new Map<string, number>();
  const server = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://source.invalid').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const handler = routes.get(path);
    if (handler) return handler(req, res);
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('no such test route');
  });
  return {
    origin: server.origin,
    server,
    route(path, handler) {
      routes.set(path, handler);
      return server.origin + path;
    },
    url: (pathAndQuery) => server.origin + pathAndQuery,
    hits: (path) => hits.get(path) ?? 0,
    close: () => server.close(),
  };
}

/** Answers with `body`; `contentLength: false` sends it chunked (no Content-Length). */
export function serveBytes(
  body: Buffer,
  contentType: string,
  options: { contentLength?: boolean; headers?: Record<string, string> } = {},
): RequestListener {
  return (_req, res) => {
    const headers: Record<string, string | number> = { 'Content-Type': contentType, ...options.headers };
    if (options.contentLength !== false) headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    if (options.contentLength === false) {
      // Several writes so the body really is chunked.
      const step = 64 * 1024;
      for (let offset = 0; offset < body.length; offset += step) res.write(body.subarray(offset, offset + step));
      res.end();
    } else {
      res.end(body);
    }
  };
}

export function serveStatus(status: number): RequestListener {
  return (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'text/plain' });
    res.end(`status ${status}`);
  };
}

export function redirectTo(location: string, status = 302): RequestListener {
  return (_req, res) => {
    res.writeHead(status, { Location: location });
    res.end();
  };
}

/** Accepts the request and never answers (the socket stays open until the client or close() ends it). */
export const neverAnswer: RequestListener = () => undefined;

/** Sends headers and the first bytes of a JPEG, then one byte every `everyMs` until the client goes away. */
export function trickleForever(everyMs = 100): RequestListener {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'image/jpeg' });
    res.write(Buffer.from([0xff, 0xd8, 0xff]));
    const timer = setInterval(() => res.write(Buffer.from([0])), everyMs);
    res.on('close', () => clearInterval(timer));
  };
}

/** An endless body without Content-Length, streamed with backpressure until the client goes away. */
export function streamForever(contentType = 'image/jpeg'): RequestListener {
  return (_req, res) => {
    res.writeHead(200, { 'Content-Type': contentType });
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const endless = new Readable({
      read() {
        this.push(chunk);
      },
    });
    res.on('close', () => endless.destroy());
    endless.pipe(res);
  };
}

/** Every object key in the service's S3 bucket (listing every page). */
export async function storedKeys(service: TestService): Promise<string[]> {
  const client = createS3Client(service.config.s3!);
  const keys: string[] = [];
  let token: string | undefined;
  try {
    for (let page = 0; page < 100; page++) {
      const listed = await client.send(
        new ListObjectsV2Command({ Bucket: service.config.s3!.bucket, ContinuationToken: token }),
      );
      keys.push(...(listed.Contents ?? []).map((object) => object.Key!));
      if (!listed.IsTruncated) return keys;
      token = listed.NextContinuationToken;
    }
    throw new Error('bucket listing did not end');
  } finally {
    client.destroy();
  }
}

/**
 * What an import of `sourceUrl` left behind: its media rows (found by source URL, so failed imports whose
 * id the client never saw are found too) and every stored object whose key names one of those ids.
 */
export async function importLeftovers(
  service: TestService,
  sourceUrl: string,
): Promise<{ rows: Record<string, unknown>[]; objects: string[] }> {
  const rows = await mediaRows(`source_url = $1`, [sourceUrl]);
  const keys = await storedKeys(service);
  const objects = keys.filter((key) => rows.some((row) => key.includes(row.id as string)));
  return { rows, objects };
}
