import { randomBytes } from 'crypto';
import type { ServerResponse } from 'http';
import * as zlib from 'zlib';
import { fetchToSink } from './fetch-to-sink';
import type { SafeFetchOptions } from './fetch-options';
import { expectFetchFailure } from './testing/fetch-assertions';
import { LocalServer, startServer } from './testing/local-server';
import { MemorySink } from './testing/memory-sink';

const MB = 1024 * 1024;
const CAP = 1 * MB;

const options = (extra: Partial<SafeFetchOptions> = {}): SafeFetchOptions => ({
  timeoutMs: 10_000,
  maxBytes: CAP,
  allowedCidrs: ['127.0.0.0/8'],
  ...extra,
});

/** Writes `total` bytes in 64 KiB chunks with backpressure, stopping if the client goes away. */
function stream(res: ServerResponse, total: number): void {
  const chunk = Buffer.alloc(64 * 1024, 1);
  let sent = 0;
  const pump = (): void => {
    while (sent < total && !res.destroyed) {
      const size = Math.min(chunk.length, total - sent);
      sent += size;
      if (!res.write(chunk.subarray(0, size))) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

describe('fetchToSink size limits and decoding', () => {
  const plain = randomBytes(200_000);
  const zeros50Mb = Buffer.alloc(50 * MB);
  const gzipBomb = zlib.gzipSync(zeros50Mb);
  const brotliBomb = zlib.brotliCompressSync(zeros50Mb, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } });
  const encoded: Record<string, Buffer> = {
    gzip: zlib.gzipSync(plain),
    'x-gzip': zlib.gzipSync(plain),
    deflate: zlib.deflateSync(plain),
    br: zlib.brotliCompressSync(plain),
    'gzip, br': zlib.brotliCompressSync(zlib.gzipSync(plain)),
    identity: plain,
  };
  let server: LocalServer;

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const [route, arg] = (req.url ?? '').slice(1).split('/');
      switch (route) {
        case 'declared':
          res.writeHead(200, { 'Content-Length': Number(arg) });
          return stream(res, Number(arg));
        case 'chunked':
          res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
          return stream(res, Number(arg));
        case 'bomb': {
          const body = arg === 'br' ? brotliBomb : gzipBomb;
          res.writeHead(200, { 'Content-Encoding': arg, 'Content-Length': body.length });
          return res.end(body);
        }
        case 'encoded': {
          const coding = decodeURIComponent(arg);
          res.writeHead(200, { 'Content-Encoding': coding, 'Content-Type': 'image/png' });
          return res.end(encoded[coding] ?? plain);
        }
        case 'corrupt':
          res.writeHead(200, { 'Content-Encoding': arg });
          return res.end(Buffer.from('definitely not gzip data'));
      }
      res.writeHead(404);
      res.end();
    });
  });

  afterAll(() => server.close());

  it('refuses a Content-Length above the cap before reading the body', async () => {
    const sink = new MemorySink();
    const err = await expectFetchFailure(
      fetchToSink(`${server.origin}/declared/${25 * MB}`, sink, options({ maxBytes: 20 * MB })),
      'too_large',
      'File too large: 25.00 MB. Maximum file size is 20 MB.',
    );
    expect(err.transient).toBe(false);
    expect(sink.bytes).toBe(0);
    expect(sink.destroyed).toBe(true);
  });

  it('stops a body without Content-Length at the cap', async () => {
    const sink = new MemorySink();
    await expectFetchFailure(
      fetchToSink(`${server.origin}/chunked/${5 * MB}`, sink, options()),
      'too_large',
      'File too large: more than 1.00 MB. Maximum file size is 1 MB.',
    );
    expect(sink.bytes).toBeLessThanOrEqual(CAP);
    expect(sink.destroyed).toBe(true);
  });

  it.each(['declared', 'chunked'])('accepts a body of exactly the cap (%s)', async (route) => {
    const sink = new MemorySink();
    const result = await fetchToSink(`${server.origin}/${route}/${CAP}`, sink, options());
    expect(result.bytes).toBe(CAP);
    expect(sink.bytes).toBe(CAP);
  });

  it.each(['gzip', 'br'])('stops a %s bomb (50 MB of zeros) at the cap of decoded bytes', async (coding) => {
    const sink = new MemorySink();
    await expectFetchFailure(
      fetchToSink(`${server.origin}/bomb/${coding}`, sink, options()),
      'too_large',
      'File too large: more than 1.00 MB. Maximum file size is 1 MB.',
    );
    expect(sink.bytes).toBeLessThanOrEqual(CAP);
  });

  it.each(Object.keys(encoded))('decodes Content-Encoding "%s" and counts decoded bytes', async (coding) => {
    const sink = new MemorySink();
    const result = await fetchToSink(`${server.origin}/encoded/${encodeURIComponent(coding)}`, sink, options());
    expect(result).toMatchObject({ bytes: plain.length, contentType: 'image/png' });
    expect(sink.body().equals(plain)).toBe(true);
  });

  it('refuses an unknown Content-Encoding', async () => {
    await expectFetchFailure(
      fetchToSink(`${server.origin}/encoded/compress`, new MemorySink(), options()),
      'network',
      'Unsupported content encoding',
    );
  });

  it.each(['gzip', 'deflate', 'br'])('reports a corrupt %s body', async (coding) => {
    await expectFetchFailure(
      fetchToSink(`${server.origin}/corrupt/${coding}`, new MemorySink(), options()),
      'network',
      'Invalid compressed response',
    );
  });
});
