import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fetchToSink } from './fetch-to-sink';
import type { SafeFetchOptions } from './fetch-options';
import { expectFetchFailure } from './testing/fetch-assertions';
import { closedPort, LocalServer, startServer } from './testing/local-server';
import { MemorySink } from './testing/memory-sink';
import { stubLookup } from './testing/stub-lookup';

const LOOPBACK = ['127.0.0.0/8'];
const options = (extra: Partial<SafeFetchOptions> = {}): SafeFetchOptions => ({
  timeoutMs: 5000,
  maxBytes: 1024 * 1024,
  allowedCidrs: LOOPBACK,
  ...extra,
});

describe('fetchToSink', () => {
  const image = randomBytes(100_000);
  let server: LocalServer;
  let tmpDir: string;

  beforeEach(async () => {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fetch-spec-'));
    server = await startServer((req, res) => {
      if (req.url === '/cat.png') {
        res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': image.length });
        return res.end(image);
      }
      if (req.url === '/boom') {
        res.writeHead(500);
        return res.end('internal');
      }
      res.writeHead(404);
      res.end('nope');
    });
  });

  afterEach(async () => {
    await server.close();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  describe('success', () => {
    it('writes the body to a file and reports what it fetched', async () => {
      const file = path.join(tmpDir, 'cat.png');
      const result = await fetchToSink(`${server.origin}/cat.png`, fs.createWriteStream(file), options());

      expect(result).toEqual({ finalUrl: `${server.origin}/cat.png`, status: 200, contentType: 'image/png', bytes: image.length });
      expect(fs.readFileSync(file).equals(image)).toBe(true);
    });

    it('sends only the fixed headers', async () => {
      await fetchToSink(`${server.origin}/cat.png`, new MemorySink(), options());

      const { headers } = server.requests[0];
      expect(headers['user-agent']).toBe('imgpro-importer/1.0 (+https://img.pro)');
      expect(headers.accept).toBe('image/*,*/*;q=0.8');
      expect(headers['accept-encoding']).toBe('gzip, deflate, br');
      expect(headers.cookie).toBeUndefined();
      expect(headers.authorization).toBeUndefined();
    });

    it('uses a custom user agent', async () => {
      await fetchToSink(`${server.origin}/cat.png`, new MemorySink(), options({ userAgent: 'test-agent/2' }));
      expect(server.requests[0].headers['user-agent']).toBe('test-agent/2');
    });

    it('connects to a host name through the lookup, using only the allowed addresses', async () => {
      const dns = stubLookup({ 'images.test': ['10.0.0.1', '169.254.169.254', '127.0.0.1'] });
      const sink = new MemorySink();
      const result = await fetchToSink(`http://images.test:${server.port}/cat.png`, sink, options({ lookup: dns.lookup }));

      expect(result.bytes).toBe(image.length);
      expect(server.requests[0].headers.host).toBe(`images.test:${server.port}`);
      expect(dns.calls).toEqual(['images.test']);
    });
  });

  describe('HTTP status', () => {
    it.each([
      ['/missing', 404],
      ['/boom', 500],
    ])('%s -> http_status %d, sink destroyed', async (urlPath, status) => {
      const sink = new MemorySink();
      const err = await expectFetchFailure(
        fetchToSink(`${server.origin}${urlPath}`, sink, options()),
        'http_status',
        `URL returned ${status}`,
      );
      expect(err.status).toBe(status);
      expect(err.transient).toBe(false);
      expect(sink.destroyed).toBe(true);
      expect(sink.bytes).toBe(0);
    });
  });

  describe('invalid URLs', () => {
    it.each([
      ['not a url', 'Must be a valid http or https URL'],
      ['file:///etc/passwd', 'Must be a valid http or https URL'],
      ['http://user:pw@127.0.0.1/', 'Must not contain credentials'],
      [`https://example.com/${'a'.repeat(2100)}`, 'Must be at most 2048 characters'],
    ])('%s -> invalid_url', async (url, message) => {
      const sink = new MemorySink();
      await expectFetchFailure(fetchToSink(url, sink, options()), 'invalid_url', message);
      expect(sink.destroyed).toBe(true);
    });
  });

  describe('blocked addresses (default options: no allowedCidrs)', () => {
    const defaults = (extra: Partial<SafeFetchOptions> = {}): SafeFetchOptions => ({ timeoutMs: 5000, maxBytes: 1024, ...extra });

    it('refuses http://127.0.0.1:port/ and the server sees nothing', async () => {
      const sink = new MemorySink();
      const err = await expectFetchFailure(
        fetchToSink(`${server.origin}/cat.png`, sink, defaults()),
        'blocked',
        'URL resolves to a disallowed address',
      );
      expect(err.transient).toBe(false);
      expect(sink.destroyed).toBe(true);
      expect(server.connections).toBe(0);
    });

    it.each([
      '2130706433',
      '0177.0.0.1',
      '0x7f.1',
      '0x7f000001',
      '127.1',
      '0.0.0.0',
      '0',
      '[::1]',
      '[::ffff:127.0.0.1]',
      '[::ffff:7f00:1]',
    ])('refuses the loopback spelling http://%s:port/ and the server sees nothing', async (host) => {
      await expectFetchFailure(fetchToSink(`http://${host}:${server.port}/cat.png`, new MemorySink(), defaults()), 'blocked');
      expect(server.connections).toBe(0);
    });

    it('refuses the cloud metadata address before connecting', async () => {
      const started = Date.now();
      await expectFetchFailure(
        fetchToSink('http://169.254.169.254/latest/meta-data/', new MemorySink(), defaults()),
        'blocked',
      );
      expect(Date.now() - started).toBeLessThan(200);
    });

    it('refuses a host name resolved to 10.0.0.1 without connecting', async () => {
      const dns = stubLookup({ 'intranet.example': ['10.0.0.1'] });
      const err = await expectFetchFailure(
        fetchToSink('http://intranet.example/logo.png', new MemorySink(), defaults({ lookup: dns.lookup })),
        'blocked',
      );
      // "blocked" comes from our lookup, which handed no address to the socket: a connection
      // attempt to 10.0.0.1 would have ended in a network error or a timeout instead.
      expect(dns.calls).toEqual(['intranet.example']);
      expect(err.message).not.toContain('10.0.0.1');
    });

    it('refuses localhost resolved to loopback, even with allowedCidrs for another range', async () => {
      const dns = stubLookup({ localhost: ['127.0.0.1', '::1'] });
      await expectFetchFailure(
        fetchToSink(`http://localhost:${server.port}/cat.png`, new MemorySink(), defaults({ lookup: dns.lookup, allowedCidrs: ['192.168.0.0/16'] })),
        'blocked',
      );
      expect(server.connections).toBe(0);
    });
  });

  describe('network failures', () => {
    it('reports a DNS failure without real DNS', async () => {
      const dns = stubLookup({});
      const err = await expectFetchFailure(
        fetchToSink('http://nonexistent.invalid/', new MemorySink(), options({ lookup: dns.lookup })),
        'network',
        'Could not resolve host nonexistent.invalid',
      );
      expect(err.transient).toBe(false);
    });

    it('marks a temporary DNS failure (EAI_AGAIN) as transient', async () => {
      const dns = stubLookup({ 'flaky.test': { code: 'EAI_AGAIN' } });
      const err = await expectFetchFailure(
        fetchToSink('http://flaky.test/', new MemorySink(), options({ lookup: dns.lookup })),
        'network',
        'Could not resolve host flaky.test',
      );
      expect(err.transient).toBe(true);
    });

    it('reports connection refused as transient, without the address', async () => {
      const port = await closedPort();
      const err = await expectFetchFailure(
        fetchToSink(`http://127.0.0.1:${port}/`, new MemorySink(), options()),
        'network',
        'Connection refused',
      );
      expect(err.transient).toBe(true);
    });

    it('reports a TLS failure when https meets a plain HTTP server', async () => {
      const dns = stubLookup({ 'tls.test': ['127.0.0.1'] });
      const err = await expectFetchFailure(
        fetchToSink(`https://tls.test:${server.port}/`, new MemorySink(), options({ lookup: dns.lookup })),
        'network',
        'TLS handshake failed',
      );
      expect(err.transient).toBe(false);
    });

    it('reports a connection cut mid-body as a transient reset', async () => {
      const cutter = await startServer((_req, res) => {
        res.writeHead(200, { 'Content-Length': 1000 });
        res.write('partial');
        setTimeout(() => res.socket?.destroy(), 20);
      });
      try {
        const err = await expectFetchFailure(fetchToSink(`${cutter.origin}/`, new MemorySink(), options()), 'network', 'Connection reset');
        expect(err.transient).toBe(true);
      } finally {
        await cutter.close();
      }
    });
  });

  describe('sink errors', () => {
    it('rethrows an error of the sink itself (not the URL’s fault) as is', async () => {
      const sink = fs.createWriteStream(path.join(tmpDir, 'missing-dir', 'x.png'));
      await expect(fetchToSink(`${server.origin}/cat.png`, sink, options())).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });
});
