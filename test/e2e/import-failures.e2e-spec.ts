import request from 'supertest';
import * as zlib from 'zlib';
import { startTestService, TestService } from '../harness/test-service';
import { createKey } from '../harness/api-client';
import {
  importLeftovers,
  ImportSource,
  neverAnswer,
  redirectTo,
  serveBytes,
  serveStatus,
  startImportSource,
  streamForever,
  trickleForever,
} from '../harness/import-source-server';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const MB = 1024 * 1024;
const IMPORT_TIMEOUT_MS = 1500;

describe('import failures answer the documented errors and leave nothing behind', () => {
  let service: TestService;
  let source: ImportSource;
  let key: string;

  beforeAll(async () => {
    source = await startImportSource();
    service = await startTestService({
      workers: 1,
      env: {
        IMPORT_ALLOWED_CIDRS: '127.0.0.0/8',
        IMPORT_TIMEOUT_MS: String(IMPORT_TIMEOUT_MS),
        // Small caps keep the oversized cases fast; the message format is the same at any size.
        KEYED_MAX_MB: '2',
        ANONYMOUS_MAX_MB: '1',
      },
    });
    key = (await createKey(service.baseUrl)).key;
  });
  afterAll(async () => {
    await service?.stop();
    await source?.close();
  });

  /** Keyed by default; `anonymous: true` sends no Authorization header. */
  function importUrl(url: string, { anonymous = false } = {}) {
    let req = request(service.baseUrl).post('/v1/import');
    if (!anonymous) req = req.set('Authorization', `Bearer ${key}`);
    return req.send({ url });
  }

  /** Exactly one media row was made for this import, it is failed with this code, and no object names it. */
  async function expectNothingLeftFor(url: string, code: string) {
    const { rows, objects } = await importLeftovers(service, url);
    expect(rows).toHaveLength(1);
    expect(rows[0].status).not.toBe('ready');
    expect(rows[0].failure_code).toBe(code);
    expect(objects).toEqual([]);
    const read = await request(service.baseUrl).get(`/v1/media/${rows[0].id}`).set('Authorization', `Bearer ${key}`);
    expect(read.status).toBe(404);
  }

  describe('upstream status', () => {
    it.each([404, 500])('answers 502 fetch_failed when the URL returns %i', async (status) => {
      const url = source.route(`/status/${status}.jpg`, serveStatus(status));
      const response = await importUrl(url);
      expect(response.status).toBe(502);
      expect(response.body).toEqual({ error: 'fetch_failed', message: `URL returned ${status}` });
      await expectNothingLeftFor(url, 'fetch_failed');
    });
  });

  describe('deadline (IMPORT_TIMEOUT_MS=1500)', () => {
    it.each([
      ['never answers', neverAnswer],
      ['trickles the body forever', trickleForever(100)],
    ])('answers 504 fetch_failed when the server %s', async (label, handler) => {
      const url = source.route(`/slow/${label.replace(/\W+/g, '-')}.jpg`, handler);
      const started = Date.now();
      const response = await importUrl(url);
      const elapsed = Date.now() - started;
      expect(response.status).toBe(504);
      expect(response.body).toEqual({ error: 'fetch_failed', message: 'URL fetch timeout' });
      // One deadline for the whole fetch, and a timeout is not retried.
      expect(elapsed).toBeGreaterThanOrEqual(IMPORT_TIMEOUT_MS - 100);
      expect(elapsed).toBeLessThan(IMPORT_TIMEOUT_MS + 8000);
      expect(source.hits(new URL(url).pathname)).toBe(1);
      await expectNothingLeftFor(url, 'fetch_failed');
    });
  });

  describe('redirects', () => {
    /** /chain-{name}/{n} redirects to /chain-{name}/{n-1}; /chain-{name}/0 serves the image. */
    function chain(name: string, length: number, image: Buffer): string {
      for (let n = length; n > 0; n--) source.route(`/chain-${name}/${n}`, redirectTo(`/chain-${name}/${n - 1}`, n % 2 ? 302 : 301));
      source.route(`/chain-${name}/0`, serveBytes(image, 'image/png'));
      return source.url(`/chain-${name}/${length}`);
    }

    it('follows a chain of 5 redirects', async () => {
      const png = await rasterImage('png', 12, 9);
      const url = chain('five', 5, png);
      const response = await importUrl(url);
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ format: 'png', width: 12, height: 9, filesize: png.length });
      for (let n = 0; n <= 5; n++) expect(source.hits(`/chain-five/${n}`)).toBe(1);
    });

    it('refuses a chain of 6 redirects without requesting the sixth target', async () => {
      const url = chain('six', 6, await rasterImage('png', 12, 9));
      const response = await importUrl(url);
      expect(response.status).toBe(502);
      expect(response.body).toEqual({ error: 'fetch_failed', message: 'Too many redirects (max 5)' });
      for (let n = 1; n <= 6; n++) expect(source.hits(`/chain-six/${n}`)).toBe(1);
      expect(source.hits('/chain-six/0')).toBe(0);
      await expectNothingLeftFor(url, 'fetch_failed');
    });

    it('refuses a redirect to the cloud metadata address before connecting to it', async () => {
      const url = source.route('/to-metadata.jpg', redirectTo('http://169.254.169.254/latest/meta-data/'));
      const response = await importUrl(url);
      // The address check refuses it before any socket is opened: a connection attempt to an address that
      // does not answer here would have ended in the 1.5 s deadline (504) or a network error instead.
      expect(response.status).toBe(502);
      expect(response.body).toEqual({ error: 'fetch_failed', message: 'URL resolves to a disallowed address' });
      expect(source.hits('/to-metadata.jpg')).toBe(1);
      await expectNothingLeftFor(url, 'fetch_failed');
    });
  });

  describe('size caps (keyed 2 MB, anonymous 1 MB)', () => {
    const OVER_KEYED_CAP = 'File too large: more than 2.00 MB. Maximum file size is 2 MB.';

    /** 500 import_failed with `message`, and nothing left behind. */
    async function expectTooLarge(url: string, message: string, options: { anonymous?: boolean } = {}) {
      const response = await importUrl(url, options);
      expect(response.status).toBe(500);
      expect(response.body).toEqual({ error: 'import_failed', message });
      await expectNothingLeftFor(url, 'import_failed');
    }

    it('refuses a keyed body over the cap announced by Content-Length', async () => {
      const url = source.route('/big/declared.jpg', serveBytes(Buffer.alloc(3 * MB, 0x41), 'image/jpeg'));
      await expectTooLarge(url, 'File too large: 3.00 MB. Maximum file size is 2 MB.');
    });

    it('refuses an anonymous body over its smaller cap', async () => {
      const url = source.route('/big/anonymous.jpg', serveBytes(Buffer.alloc(1.5 * MB, 0x41), 'image/jpeg'));
      await expectTooLarge(url, 'File too large: 1.50 MB. Maximum file size is 1 MB.', { anonymous: true });
    });

    it('stops reading an endless body without Content-Length at the cap', async () => {
      // Stopped by the byte count (import_failed), not by the deadline (which would be a 504).
      await expectTooLarge(source.route('/big/endless.jpg', streamForever()), OVER_KEYED_CAP);
    });

    it('refuses a chunked body just over the cap', async () => {
      const url = source.route('/big/chunked.jpg', serveBytes(Buffer.alloc(2 * MB + 1, 0x41), 'image/jpeg', { contentLength: false }));
      await expectTooLarge(url, OVER_KEYED_CAP);
    });

    it('refuses a gzip bomb (50 MB of zeros, 50 kB on the wire) by its decoded size', async () => {
      const bomb = zlib.gzipSync(Buffer.alloc(50 * MB), { level: 9 });
      expect(bomb.length).toBeLessThan(2 * MB);
      const url = source.route('/big/bomb.jpg', serveBytes(bomb, 'image/jpeg', { headers: { 'Content-Encoding': 'gzip' } }));
      await expectTooLarge(url, OVER_KEYED_CAP);
    });

    it('accepts a gzip-encoded image under the cap, storing the decoded bytes', async () => {
      const png = await rasterImage('png', 20, 20);
      const url = source.route('/gz/fine.png', serveBytes(zlib.gzipSync(png), 'image/png', { headers: { 'Content-Encoding': 'gzip' } }));
      const response = await importUrl(url);
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ format: 'png', width: 20, height: 20, filesize: png.length });
    });
  });

  describe('content', () => {
    it('refuses HTML served as image/jpeg', async () => {
      const html = Buffer.from('<!doctype html><html><head><title>Not an image</title></head><body>hello</body></html>\n'.repeat(5));
      const url = source.route('/content/page.jpg', serveBytes(html, 'image/jpeg'));
      const response = await importUrl(url);
      expect(response.status).toBe(500);
      expect(response.body).toEqual({ error: 'import_failed', message: 'Unsupported file type' });
      await expectNothingLeftFor(url, 'import_failed');
    });

    it('refuses a truncated JPEG', async () => {
      const jpeg = await rasterImage('jpeg', 400, 300);
      const url = source.route('/content/truncated.jpg', serveBytes(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), 'image/jpeg'));
      const response = await importUrl(url);
      expect(response.status).toBe(500);
      expect(response.body.error).toBe('import_failed');
      expect(response.body.message).toMatch(/truncated|corrupt/i);
      await expectNothingLeftFor(url, 'import_failed');
    });
  });
});

describe('import without IMPORT_ALLOWED_CIDRS refuses loopback', () => {
  let service: TestService;
  let source: ImportSource;

  beforeAll(async () => {
    source = await startImportSource();
    service = await startTestService({ workers: 1 });
  });
  afterAll(async () => {
    await service?.stop();
    await source?.close();
  });

  it('answers 502 for http://127.0.0.1:<port>/x.jpg and never reaches the local server', async () => {
    const url = source.route('/x.jpg', serveBytes(await rasterImage('jpeg'), 'image/jpeg'));
    const key = (await createKey(service.baseUrl)).key;
    const response = await request(service.baseUrl).post('/v1/import').set('Authorization', `Bearer ${key}`).send({ url });
    expect(response.status).toBe(502);
    expect(response.body).toEqual({ error: 'fetch_failed', message: 'URL resolves to a disallowed address' });
    expect(source.server.requests).toEqual([]);
    expect(source.server.connections).toBe(0);
    const { rows, objects } = await importLeftovers(service, url);
    expect(rows).toHaveLength(1);
    expect(rows[0].status).not.toBe('ready');
    expect(rows[0].failure_code).toBe('fetch_failed');
    expect(objects).toEqual([]);
  });

  it('refuses the IPv6 loopback and IPv4-mapped forms too', async () => {
    const port = new URL(source.origin).port;
    for (const url of [`http://[::1]:${port}/x.jpg`, `http://[::ffff:127.0.0.1]:${port}/x.jpg`, `http://0.0.0.0:${port}/x.jpg`]) {
      const response = await request(service.baseUrl).post('/v1/import').send({ url });
      expect({ url, status: response.status, body: response.body }).toEqual({
        url,
        status: 502,
        body: { error: 'fetch_failed', message: 'URL resolves to a disallowed address' },
      });
    }
    expect(source.server.connections).toBe(0);
  });
});
