import type { ServerResponse } from 'http';
import { fetchToSink } from './fetch-to-sink';
import type { SafeFetchOptions } from './fetch-options';
import { expectFetchFailure } from './testing/fetch-assertions';
import { LocalServer, startServer } from './testing/local-server';
import { MemorySink } from './testing/memory-sink';
import { stubLookup } from './testing/stub-lookup';

const options = (extra: Partial<SafeFetchOptions> = {}): SafeFetchOptions => ({
  timeoutMs: 500,
  maxBytes: 1024 * 1024,
  allowedCidrs: ['127.0.0.0/8'],
  ...extra,
});

/** Sends one byte every `everyMs` until the client goes away. */
function trickle(res: ServerResponse, everyMs: number): void {
  const timer = setInterval(() => res.write('x'), everyMs);
  res.on('close', () => clearInterval(timer));
}

describe('fetchToSink deadlines', () => {
  let server: LocalServer;
  let closes: { byClient: number };

  beforeEach(async () => {
    // One count per server: the close of the previous test's aborted request can land after this test
    // began (on Node 24 it does), and must not be counted here.
    const counts = { byClient: 0 };
    closes = counts;
    server = await startServer((req, res) => {
      res.on('close', () => (counts.byClient += 1));
      if (req.url === '/silent') return; // accepts the connection, never answers
      if (req.url === '/trickle') {
        res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': 1_000_000 });
        return trickle(res, 50);
      }
      if (req.url?.startsWith('/slow-redirect/')) {
        const left = Number(req.url.split('/')[2]);
        setTimeout(() => {
          res.writeHead(302, { Location: left === 0 ? '/done' : `/slow-redirect/${left - 1}` });
          res.end();
        }, 150);
        return;
      }
      res.end('done');
    });
  });

  afterEach(() => server.close());

  async function timed(promise: Promise<unknown>): Promise<number> {
    const started = Date.now();
    await expectFetchFailure(promise, 'timeout', 'URL fetch timeout').then((err) => expect(err.transient).toBe(false));
    return Date.now() - started;
  }

  it('times out on a server that never answers', async () => {
    const sink = new MemorySink();
    const elapsed = await timed(fetchToSink(`${server.origin}/silent`, sink, options()));
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(1500);
    expect(sink.destroyed).toBe(true);
  });

  it('times out on a body trickled forever (one deadline covers the body too)', async () => {
    const sink = new MemorySink();
    const elapsed = await timed(fetchToSink(`${server.origin}/trickle`, sink, options()));
    expect(elapsed).toBeLessThan(1500);
    expect(sink.bytes).toBeGreaterThan(0); // headers and some body arrived before the deadline
    expect(sink.destroyed).toBe(true);
    await waitFor(() => closes.byClient === 1); // the request was aborted, not left dangling
  });

  it('applies one deadline across redirects, not one per hop', async () => {
    // 5 hops of 150 ms each: every hop is fast, the chain is not.
    const elapsed = await timed(fetchToSink(`${server.origin}/slow-redirect/4`, new MemorySink(), options()));
    expect(elapsed).toBeLessThan(1500);
  });

  it('applies the connect timeout to a resolver that never answers', async () => {
    const dns = stubLookup({ 'hangs.test': 'hang' });
    const elapsed = await timed(
      fetchToSink('http://hangs.test/', new MemorySink(), options({ lookup: dns.lookup, timeoutMs: 5000, connectTimeoutMs: 200 })),
    );
    expect(elapsed).toBeLessThan(1000);
  });

  it('succeeds when everything fits in the deadline', async () => {
    const result = await fetchToSink(`${server.origin}/slow-redirect/1`, new MemorySink(), options({ timeoutMs: 3000 }));
    expect(result.finalUrl).toBe(`${server.origin}/done`);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 1000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
