import { fetchToSink } from './fetch-to-sink';
import type { SafeFetchOptions } from './fetch-options';
import { expectFetchFailure } from './testing/fetch-assertions';
import { LocalServer, startServer } from './testing/local-server';
import { MemorySink } from './testing/memory-sink';
import { stubLookup } from './testing/stub-lookup';

/**
 * The redirecting server listens on 127.0.0.2, the only allowed address; a second server on
 * 127.0.0.1 (not allowed) records whether anything reached it.
 */
describe('fetchToSink redirects', () => {
  let origin: LocalServer;
  let forbidden: LocalServer;
  let redirectTo: (req: { url?: string }) => [number, string | undefined];

  const options = (extra: Partial<SafeFetchOptions> = {}): SafeFetchOptions => ({
    timeoutMs: 5000,
    maxBytes: 1024 * 1024,
    allowedCidrs: ['127.0.0.2/32'],
    ...extra,
  });

  beforeEach(async () => {
    redirectTo = () => [200, undefined];
    forbidden = await startServer((_req, res) => res.end('internal secrets'), '127.0.0.1');
    origin = await startServer((req, res) => {
      const hop = req.url?.match(/^\/hop\/(\d+)$/);
      if (hop) {
        const left = Number(hop[1]);
        res.writeHead(left === 0 ? 200 : 302, left === 0 ? {} : { Location: `/hop/${left - 1}`, 'Set-Cookie': 'session=abc' });
        return res.end(left === 0 ? 'arrived' : '');
      }
      const [status, location] = redirectTo(req);
      res.writeHead(status, location === undefined ? {} : { Location: location });
      res.end(status === 200 ? 'final' : '');
    }, '127.0.0.2');
  });

  afterEach(async () => {
    await origin.close();
    await forbidden.close();
  });

  it('follows a chain of 5 redirects', async () => {
    const sink = new MemorySink();
    const result = await fetchToSink(`${origin.origin}/hop/5`, sink, options());

    expect(result).toMatchObject({ finalUrl: `${origin.origin}/hop/0`, status: 200, bytes: 7 });
    expect(sink.body().toString()).toBe('arrived');
    expect(origin.requests.map((r) => r.url)).toEqual(['/hop/5', '/hop/4', '/hop/3', '/hop/2', '/hop/1', '/hop/0']);
  });

  it('refuses a 6th redirect without requesting it', async () => {
    const err = await expectFetchFailure(
      fetchToSink(`${origin.origin}/hop/6`, new MemorySink(), options()),
      'too_many_redirects',
      'Too many redirects (max 5)',
    );
    expect(err.transient).toBe(false);
    expect(origin.requests).toHaveLength(6);
  });

  it('honours a custom maxRedirects, including 0', async () => {
    await expectFetchFailure(
      fetchToSink(`${origin.origin}/hop/1`, new MemorySink(), options({ maxRedirects: 0 })),
      'too_many_redirects',
      'Too many redirects (max 0)',
    );
    const result = await fetchToSink(`${origin.origin}/hop/2`, new MemorySink(), options({ maxRedirects: 2 }));
    expect(result.finalUrl).toBe(`${origin.origin}/hop/0`);
  });

  it.each([301, 302, 303, 307, 308])('follows %d', async (status) => {
    redirectTo = (req) => (req.url === '/start' ? [status, '/end'] : [200, undefined]);
    const result = await fetchToSink(`${origin.origin}/start`, new MemorySink(), options());
    expect(result.finalUrl).toBe(`${origin.origin}/end`);
  });

  it.each([
    ['dir/next.png', '/a/dir/next.png'],
    ['../up.png', '/up.png'],
    ['/abs.png', '/abs.png'],
    ['?v=2', '/a/start?v=2'],
  ])('resolves relative Location %s against the current URL', async (location, finalPath) => {
    redirectTo = (req) => (req.url === '/a/start' ? [302, location] : [200, undefined]);
    const result = await fetchToSink(`${origin.origin}/a/start`, new MemorySink(), options());
    expect(result.finalUrl).toBe(`${origin.origin}${finalPath}`);
  });

  it('treats a redirect status without Location as the final status', async () => {
    redirectTo = () => [302, undefined];
    const err = await expectFetchFailure(fetchToSink(`${origin.origin}/x`, new MemorySink(), options()), 'http_status', 'URL returned 302');
    expect(err.status).toBe(302);
  });

  it('forwards no cookie or authorization to the next hop', async () => {
    await fetchToSink(`${origin.origin}/hop/2`, new MemorySink(), options());
    for (const { headers } of origin.requests) {
      expect(headers.cookie).toBeUndefined();
      expect(headers.authorization).toBeUndefined();
    }
  });

  describe('re-checks the address of every hop', () => {
    it('refuses a redirect to the cloud metadata address', async () => {
      redirectTo = () => [302, 'http://169.254.169.254/latest/meta-data/iam/'];
      await expectFetchFailure(fetchToSink(`${origin.origin}/x`, new MemorySink(), options()), 'blocked', 'URL resolves to a disallowed address');
    });

    it.each(['127.0.0.1', '2130706433', '0x7f.1', '[::ffff:127.0.0.1]', 'localhost'])(
      'refuses a redirect to http://%s:port/ (loopback, not allowed) and the target sees no connection',
      async (host) => {
        redirectTo = () => [302, `http://${host}:${forbidden.port}/`];
        const dns = stubLookup({ localhost: ['127.0.0.1'] });
        await expectFetchFailure(fetchToSink(`${origin.origin}/x`, new MemorySink(), options({ lookup: dns.lookup })), 'blocked');
        expect(forbidden.connections).toBe(0);
      },
    );

    it('refuses a redirect to a host name resolving to 10.0.0.1', async () => {
      redirectTo = () => [307, 'http://internal.example/admin'];
      const dns = stubLookup({ 'internal.example': ['10.0.0.1'] });
      await expectFetchFailure(fetchToSink(`${origin.origin}/x`, new MemorySink(), options({ lookup: dns.lookup })), 'blocked');
      expect(dns.calls).toEqual(['internal.example']);
    });

    it('names the redirect target in a DNS failure', async () => {
      redirectTo = () => [302, 'http://gone.invalid/img.png'];
      const dns = stubLookup({});
      await expectFetchFailure(
        fetchToSink(`${origin.origin}/x`, new MemorySink(), options({ lookup: dns.lookup })),
        'network',
        'Could not resolve host gone.invalid',
      );
    });

    it('the allowed server itself is reachable, so the refusals above are about the target', async () => {
      expect((await fetchToSink(`${origin.origin}/ok`, new MemorySink(), options())).status).toBe(200);
    });
  });

  it.each([
    ['ftp://example.com/file.png'],
    ['file:///etc/passwd'],
    ['gopher://127.0.0.2:70/'],
    ['http://user:secret@example.com/'],
    ['http://[::1/'],
  ])('refuses a redirect to %s as invalid_url', async (location) => {
    redirectTo = () => [302, location];
    await expectFetchFailure(fetchToSink(`${origin.origin}/x`, new MemorySink(), options()), 'invalid_url', /^Redirect to an invalid URL/);
  });
});
