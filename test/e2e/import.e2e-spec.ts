import request from 'supertest';
import type { TestService } from '../harness/test-service';
import { ImportingService, startImportingService } from '../harness/importing-service';
import { pathOf, pollUntilReady } from '../harness/api-client';
import { mediaRows } from '../harness/media-rows';
import { importLeftovers, ImportSource, serveBytes, storedKeys } from '../harness/import-source-server';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const DAY = 86400;

describe('POST /v1/import fetches a URL → worker → storage → GET', () => {
  let stack: ImportingService;
  let service: TestService;
  let source: ImportSource;
  let key: string;

  beforeAll(async () => {
    stack = await startImportingService();
    ({ service, key, source } = stack);
  });
  afterAll(() => stack?.stop());

  /** Keyed by default; `anonymous: true` sends no Authorization header. */
  function importUrl(body: Record<string, unknown>, { anonymous = false } = {}) {
    let req = request(service.baseUrl).post('/v1/import');
    if (!anonymous) req = req.set('Authorization', `Bearer ${key}`);
    return req.send(body);
  }

  async function servedSrc(src: string): Promise<request.Response> {
    return request(service.baseUrl).get(pathOf(src)).buffer(true);
  }

  describe('stores every raster format, detected from its content', () => {
    it.each([
      ['jpeg', 'jpg', 'image/jpeg', 'image/jpeg'],
      ['png', 'png', 'image/png', 'image/png'],
      // Declared type is only informational: a WebP served as octet-stream is still a WebP.
      ['webp', 'webp', 'application/octet-stream', 'image/webp'],
      ['gif', 'gif', 'image/gif', 'image/gif'],
    ] as const)('imports a %s and serves the same bytes from src', async (format, ext, servedAs, deliveredAs) => {
      const bytes = await rasterImage(format, 72, 40);
      const url = source.route(`/photos/holiday-${format}.${ext}`, serveBytes(bytes, servedAs));

      const response = await importUrl({ url });

      expect(response.status).toBe(201);
      const media = response.body;
      expect(media).toMatchObject({
        id: expect.stringMatching(/^[a-z0-9]{8}$/),
        name: `holiday-${format}.${ext}`,
        format,
        width: 72,
        height: 40,
        filesize: bytes.length,
        public: true,
      });
      expect(media.status).toBeUndefined();
      expect(media.url).toBe(`${service.config.webBaseUrl}/${media.id}`);
      expect(media.src).toBe(`${service.config.srcBaseUrl}/${media.id.slice(0, 2)}/${media.id}.${ext}`);
      expect(source.hits(`/photos/holiday-${format}.${ext}`)).toBe(1);

      const served = await servedSrc(media.src);
      expect(served.status).toBe(200);
      expect(served.headers['content-type']).toBe(deliveredAs);
      expect(Buffer.compare(served.body, bytes)).toBe(0);

      const read = await request(service.baseUrl).get(`/v1/media/${media.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(media);
      expect(await mediaRows('id = $1', [media.id])).toEqual([
        { id: media.id, status: 'ready', failure_code: null, failure_message: null },
      ]);
    });
  });

  it('accepts an anonymous import: public, 30 days, tags and namespace ignored, upgrade hint', async () => {
    const png = await rasterImage('png', 30, 20);
    const url = source.route('/anon/shared.png', serveBytes(png, 'image/png'));

    const response = await importUrl({ url, tags: 'cats,dogs', namespace: 'blog', public: false }, { anonymous: true });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: 'shared.png',
      format: 'png',
      width: 30,
      height: 20,
      filesize: png.length,
      tags: [],
      namespace: null,
      public: true,
    });
    expect(response.body.expires_at - response.body.created_at).toBe(30 * DAY);
    expect(response.body.upgrade).toEqual({
      type: 'register',
      url: `${service.config.webBaseUrl}/api/quick-start`,
      message: 'Get an API key for permanent storage and 100 uploads/month',
      label: 'Create API Key',
    });
    const served = await servedSrc(response.body.src);
    expect(Buffer.compare(served.body, png)).toBe(0);
  });

  it('keeps tags, namespace, description and date for a keyed import, without an upgrade hint', async () => {
    const jpeg = await rasterImage('jpeg', 40, 30);
    const url = source.route('/keyed/with-fields.jpg', serveBytes(jpeg, 'image/jpeg'));

    const response = await importUrl({
      url,
      tags: ['Cat', ' garden', 'cat'],
      namespace: 'blog-2026',
      description: 'From the web',
      date: '2026-01-02',
    });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: 'with-fields.jpg',
      format: 'jpeg',
      tags: ['cat', 'garden'],
      namespace: 'blog-2026',
      description: 'From the web',
      date: '2026-01-02T00:00:00.000Z',
      public: true,
    });
    expect(response.body.upgrade).toBeUndefined();
    // A new (unverified) account's media expire after 30 days.
    expect(response.body.expires_at - response.body.created_at).toBe(30 * DAY);
  });

  it('takes the name from the last path segment, decoded, ignoring the query string', async () => {
    const gif = await rasterImage('gif', 10, 10);
    const url = source.route('/deep/path/my%20cat.gif', serveBytes(gif, 'image/gif')) + '?size=large&v=2';
    const response = await importUrl({ url });
    expect(response.status).toBe(201);
    expect(response.body.name).toBe('my cat.gif');
  });

  it.each([
    ['a directory path', '/gallery/latest/'],
    ['the root', '/'],
  ])('names media after its id and detected format when the URL (%s) ends in /', async (_label, path) => {
    const webp = await rasterImage('webp', 16, 12);
    const url = source.route(path, serveBytes(webp, 'image/webp'));
    expect(url.endsWith('/')).toBe(true);
    const response = await importUrl({ url });
    expect(response.status).toBe(201);
    expect(response.body.name).toBe(`${response.body.id}.webp`);
    expect(response.body.format).toBe('webp');
    const served = await servedSrc(response.body.src);
    expect(Buffer.compare(served.body, webp)).toBe(0);
    const read = await request(service.baseUrl).get(`/v1/media/${response.body.id}`);
    expect(read.body.name).toBe(`${response.body.id}.webp`);
  });

  it('lets an explicit name override the URL', async () => {
    const png = await rasterImage('png', 8, 8);
    const url = source.route('/named/ignored.png', serveBytes(png, 'image/png'));
    const response = await importUrl({ url, name: 'Chosen name.png' });
    expect(response.status).toBe(201);
    expect(response.body.name).toBe('Chosen name.png');
  });

  it('answers 202 processing with Prefer: respond-async, and GET /v1/media/{id} shows it processing until stored', async () => {
    const jpeg = await rasterImage('jpeg', 50, 25);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // The source holds its answer until the test has seen the 202, so the 202 cannot be a finished import.
    const url = source.route('/async/later.jpg', (req, res) => {
      void released.then(() => serveBytes(jpeg, 'image/jpeg')(req, res));
    });

    const accepted = await importUrl({ url, tags: 'later' }).set('Prefer', 'respond-async');

    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({
      id: expect.stringMatching(/^[a-z0-9]{8}$/),
      status: 'processing',
      name: 'later.jpg',
      tags: ['later'],
    });
    const id = accepted.body.id as string;
    const pending = await request(service.baseUrl).get(`/v1/media/${id}`).set('Authorization', `Bearer ${key}`);
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({ id, status: 'processing', width: null });

    release();
    const ready = await pollUntilReady(service.baseUrl, id, key, 15_000);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ id, format: 'jpeg', width: 50, height: 25, filesize: jpeg.length, tags: ['later'] });
    expect(ready.body.status).toBeUndefined();
    const served = await servedSrc(ready.body.src);
    expect(Buffer.compare(served.body, jpeg)).toBe(0);
  });

  describe('validation', () => {
    const validationFailed = (errors: Record<string, string[]>) => ({
      error: 'validation_error',
      message: 'Validation failed',
      errors,
    });

    async function expectNoImportOf(url: string) {
      expect((await importLeftovers(service, url)).rows).toEqual([]);
      expect((await storedKeys(service)).filter((k) => k.startsWith('staging/'))).toEqual([]);
    }

    it('requires a url', async () => {
      const response = await importUrl({ name: 'x.jpg' });
      expect(response.status).toBe(422);
      expect(response.body).toEqual(validationFailed({ url: ['URL is required'] }));
    });

    it.each([
      ['an ftp URL', 'ftp://x', 'Must be a valid http or https URL'],
      ['a relative path', '/a.jpg', 'Must be a valid http or https URL'],
      ['not a URL', 'not a url', 'Must be a valid http or https URL'],
      ['a number', 42, 'Must be a valid http or https URL'],
      ['a URL with credentials', 'http://user:pass@host/', 'Must not contain credentials'],
      ['a 2049-character URL', 'http://127.0.0.1/' + 'a'.repeat(2049 - 'http://127.0.0.1/'.length), 'Must be at most 2048 characters'],
    ])('refuses %s', async (_label, url, message) => {
      if (typeof url === 'string' && url.startsWith('http://127')) expect(url).toHaveLength(2049);
      const response = await importUrl({ url });
      expect(response.status).toBe(422);
      expect(response.body).toEqual(validationFailed({ url: [message] }));
      if (typeof url === 'string') await expectNoImportOf(url);
    });

    it('accepts a URL of exactly 2048 characters (the limit is inclusive)', async () => {
      const png = await rasterImage('png', 4, 4);
      const prefix = `${source.origin}/long/`;
      const path = '/long/' + 'b'.repeat(2048 - prefix.length - 4) + '.png';
      const url = source.route(path, serveBytes(png, 'image/png'));
      expect(url).toHaveLength(2048);
      const response = await importUrl({ url });
      expect(response.status).toBe(201);
    });

    it('refuses a body that is not application/json', async () => {
      const url = source.url('/never/plain.jpg');
      const response = await request(service.baseUrl)
        .post('/v1/import')
        .set('Authorization', `Bearer ${key}`)
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify({ url }));
      expect(response.status).toBe(422);
      expect(response.body).toEqual(
        validationFailed({ body: ['Request must be application/json'], url: ['URL is required'] }),
      );
      expect(source.hits('/never/plain.jpg')).toBe(0);
    });

    it('refuses malformed JSON', async () => {
      const response = await request(service.baseUrl)
        .post('/v1/import')
        .set('Content-Type', 'application/json')
        .send('{"url": "http://');
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ error: 'validation_error', message: 'Validation failed' });
      expect(Object.keys(response.body.errors)).toEqual(['body']);
      expect(response.body.errors.body).toEqual(['Body must be valid JSON']);
    });

    it('reports bad media fields together, and never fetches the URL', async () => {
      const url = source.url('/never/fields.jpg');
      const response = await importUrl({ url, namespace: 'Bad_NS', ttl: '10s', tags: 'x'.repeat(51) });
      expect(response.status).toBe(422);
      expect(response.body).toEqual(
        validationFailed({
          namespace: ['Must be lowercase alphanumeric with hyphens'],
          ttl: ['Must be at least 300 seconds (5m)'],
          tags: ['Each tag must be at most 50 characters'],
        }),
      );
      expect(source.hits('/never/fields.jpg')).toBe(0);
      await expectNoImportOf(url);
    });
  });
});
