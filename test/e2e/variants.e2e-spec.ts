import request from 'supertest';
import sharp from 'sharp';
import { Readable } from 'stream';
import { FORMAT_INFO, OUTPUT_FORMATS, VARIANT_SIZES } from '@app/formats';
import { originalKey, variantPrefix } from '@app/storage';
import { accountOfKey, sql } from '../harness/sql';
import { createKey, pathOf, upload } from '../harness/api-client';
import { startTestService, TestService } from '../harness/test-service';
import { rendersOf } from '../harness/variant-renders';
import { animatedImage, bmpImage, rasterImage, SIMPLE_SVG, withComment } from '../fixtures/images';
import '../harness/contract/check-supertest';

const get = (service: TestService, path: string, key?: string) => {
  const req = request(service.baseUrl).get(path).buffer(true);
  return key ? req.set('Authorization', `Bearer ${key}`) : req;
};

/** `/{seg}/{id}.{ext}` with another extension and query. */
const variantPath = (src: string, ext: string, size?: string) => pathOf(src).replace(/\.[a-z]+$/, `.${ext}`) + (size ? `?size=${size}` : '');

describe('src variants', () => {
  let service: TestService;
  let owner: { key: string; keyId: string };
  beforeAll(async () => {
    service = await startTestService({ workers: 1 });
    owner = await createKey(service.baseUrl);
  });
  afterAll(() => service.stop());

  async function uploaded(bytes: Buffer, name: string, fields: Record<string, string> = {}, key?: string) {
    const response = await upload(service.baseUrl, bytes, name, key, fields);
    expect(response.status).toBe(201);
    return response.body as { id: string; src: string; filesize: number };
  }

  describe('size presets', () => {
    const sources = {
      landscape: { width: 2000, height: 1200 },
      portrait: { width: 900, height: 1600 },
      small: { width: 200, height: 150 },
    };
    const expected: Record<keyof typeof sources, Record<string, [number, number]>> = {
      landscape: { s: [533, 320], m: [1067, 640], l: [1800, 1080], o: [2000, 1200], social: [1200, 630] },
      portrait: { s: [320, 569], m: [640, 1138], l: [900, 1600], o: [900, 1600], social: [1200, 630] },
      small: { s: [200, 150], m: [200, 150], l: [200, 150], o: [200, 150], social: [1200, 630] },
    };
    const srcOf: Record<string, string> = {};
    beforeAll(async () => {
      for (const [name, { width, height }] of Object.entries(sources)) {
        srcOf[name] = (await uploaded(await rasterImage('jpeg', width, height), `${name}.jpg`)).src;
      }
    });

    it.each(Object.entries(expected).flatMap(([source, sizes]) => Object.entries(sizes).map(([size, dims]) => [source, size, ...dims] as const)))(
      '%s ?size=%s → %i×%i (webp)',
      async (source, size, width, height) => {
        const response = await get(service, variantPath(srcOf[source], 'webp', size));
        expect(response.status).toBe(200);
        const meta = await sharp(response.body).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual(['webp', width, height]);
      },
    );

    it('an unknown size is ignored: the original itself', async () => {
      const original = await get(service, pathOf(srcOf.small));
      const ignored = await get(service, `${pathOf(srcOf.small)}?size=xl`);
      expect(ignored.status).toBe(200);
      expect(Buffer.compare(ignored.body, original.body)).toBe(0);
      expect(ignored.headers.etag).toBe(original.headers.etag);
    });
  });

  it.each([
    ['jpg', 'jpeg', 'image/jpeg'],
    ['jpeg', 'jpeg', 'image/jpeg'],
    ['png', 'png', 'image/png'],
    ['webp', 'webp', 'image/webp'],
    ['avif', 'heif', 'image/avif'],
    ['gif', 'gif', 'image/gif'],
  ])('.%s is rendered as %s and decodes back', async (ext, sharpFormat, contentType) => {
    const { src } = await uploaded(await rasterImage('png', 700, 500), 'formats.png');
    const response = await get(service, variantPath(src, ext, 's'));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(contentType);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['content-length']).toBe(String(response.body.length));
    const meta = await sharp(response.body).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual([sharpFormat, 448, 320]);
  });

  it('animated GIF keeps its frames as webp and gif, and becomes one frame as png', async () => {
    const { src } = await uploaded(await animatedImage('gif'), 'anim.gif');
    for (const [ext, pages] of [['webp', 3], ['gif', 3], ['png', 1]] as const) {
      const response = await get(service, variantPath(src, ext, 's'));
      expect(response.status).toBe(200);
      expect((await sharp(response.body, { animated: true }).metadata()).pages ?? 1).toBe(pages);
    }
  });

  it('a BMP is served as stored under .bmp (whatever the size) and rendered into PNG', async () => {
    const bmp = bmpImage(40, 20);
    const { src } = await uploaded(bmp, 'pic.bmp');
    const stored = await get(service, `${pathOf(src)}?size=s`);
    expect(stored.status).toBe(200);
    expect(Buffer.compare(stored.body, bmp)).toBe(0);
    const png = await get(service, variantPath(src, 'png', 'social'));
    expect(png.status).toBe(200);
    expect(await sharp(png.body).metadata()).toMatchObject({ format: 'png', width: 1200, height: 630 });
  });

  it('an SVG is only served as stored, with its sandbox policy', async () => {
    const { src } = await uploaded(SIMPLE_SVG, 'logo.svg');
    const stored = await get(service, `${pathOf(src)}?size=m`);
    expect(stored.status).toBe(200);
    expect(stored.headers['content-security-policy']).toMatch(/sandbox/);
    expect(stored.headers['x-content-type-options']).toBe('nosniff');
    const png = await get(service, variantPath(src, 'png', 'm'));
    expect(png.status).toBe(404);
    expect(png.body).toEqual({ error: 'not_found', message: 'Media not found' });
  });

  it('an extension that is no format answers 404', async () => {
    const { src } = await uploaded(await rasterImage('jpeg', 50, 40), 'x.jpg');
    const response = await get(service, variantPath(src, 'tiff', 'm'));
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('not_found');
  });

  describe('a stored variant', () => {
    let path: string;
    let first: request.Response;
    beforeAll(async () => {
      const { src } = await uploaded(await rasterImage('png', 900, 700), 'cached.png');
      path = variantPath(src, 'jpg', 'm');
      first = await get(service, path);
      expect(first.status).toBe(200);
    });

    it('has a strong ETag; If-None-Match → 304', async () => {
      expect(first.headers.etag).toMatch(/^"[^"]+"$/);
      const response = await get(service, path).set('If-None-Match', first.headers.etag);
      expect(response.status).toBe(304);
      expect(response.headers.etag).toBe(first.headers.etag);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    });

    it('Range → 206 with those bytes', async () => {
      const response = await get(service, path).set('Range', 'bytes=10-29');
      expect(response.status).toBe(206);
      expect(response.headers['content-range']).toBe(`bytes 10-29/${first.body.length}`);
      expect(response.headers['content-length']).toBe('20');
      expect(Buffer.compare(response.body, first.body.subarray(10, 30))).toBe(0);
    });

    it('an unsatisfiable Range → 416', async () => {
      const response = await get(service, path).set('Range', `bytes=${first.body.length + 10}-`);
      expect(response.status).toBe(416);
      expect(response.headers['content-range']).toBe(`bytes */${first.body.length}`);
    });
  });

  it('a variant of private media: 404 for anyone but its owner, private caching for the owner', async () => {
    const { src } = await uploaded(await rasterImage('jpeg', 400, 300), 'secret.jpg', { public: 'false' }, owner.key);
    const path = variantPath(src, 'webp', 's');
    const stranger = await createKey(service.baseUrl);
    for (const key of [undefined, stranger.key]) {
      const response = await get(service, path, key);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: 'not_found', message: 'Media not found' });
    }
    const mine = await get(service, path, owner.key);
    expect(mine.status).toBe(200);
    expect(mine.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    // Rendered now, still not for others.
    expect((await get(service, path)).status).toBe(404);
  });

  it("a stranger requesting every variant of a victim's public media: the victim's storage is unchanged, uploads still fit, delete frees both", async () => {
    const victim = await createKey(service.baseUrl);
    const accountId = await accountOfKey(victim.keyId);
    const usage = async () => (await request(service.baseUrl).get('/v1/usage').set('Authorization', `Bearer ${victim.key}`)).body;
    const jpeg = await rasterImage('jpeg', 800, 600);
    const { id, src, filesize } = await uploaded(jpeg, 'victim.jpg', {}, victim.key);
    // Room left for exactly one more upload of the same size (other bytes: the same ones would be stored once).
    const limit: number = (await usage()).storage_limit_bytes;
    await sql('UPDATE accounts SET storage_used_bytes = $2 WHERE id = $1', [accountId, limit - filesize]);

    const paths = OUTPUT_FORMATS.flatMap((format) =>
      VARIANT_SIZES.filter((size) => !(format === 'jpeg' && size === 'o')).map((size) => variantPath(src, FORMAT_INFO[format].ext, size)),
    );
    let variantBytes = 0;
    for (const path of paths) {
      const response = await get(service, path);
      expect(response.status).toBe(200);
      variantBytes += response.body.length;
    }
    // A second request for a stored variant counts nothing.
    expect((await get(service, variantPath(src, 'webp', 's'))).status).toBe(200);
    expect(await usage()).toMatchObject({ storage_used_bytes: limit - filesize, variant_bytes: variantBytes });
    expect(await service.store.list(variantPrefix(id))).toHaveLength(paths.length);
    expect((await upload(service.baseUrl, withComment(jpeg, 'another photo'), 'still-fits.jpg', victim.key)).status).toBe(201);
    expect(await usage()).toMatchObject({ storage_used_bytes: limit, variant_bytes: variantBytes });

    const deleted = await request(service.baseUrl).delete(`/v1/media/${id}`).set('Authorization', `Bearer ${victim.key}`);
    expect(deleted.status).toBe(200);
    expect(await usage()).toMatchObject({ storage_used_bytes: limit - filesize, variant_bytes: 0 });
    expect(await service.store.list(variantPrefix(id))).toEqual([]);
    expect((await get(service, variantPath(src, 'webp', 's'))).status).toBe(404);
  });

  it('a corrupt original answers a JSON error at once, and is not retried', async () => {
    const { id, src } = await uploaded(await rasterImage('jpeg', 300, 200), 'broken.jpg');
    await service.store.putStream(originalKey(id, 'jpg'), Readable.from([Buffer.from('not an image at all')]), 'image/jpeg');
    const started = Date.now();
    const response = await get(service, variantPath(src, 'png', 's'));
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: 'internal_error', message: 'Image could not be rendered' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(rendersOf(service, `variants/${id}/s.png`)).toBe(1);
  });
});

describe('src variants with no worker to render them', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ workers: 1, env: { JOB_WAIT_TIMEOUT_MS: '2000' } });
  });
  afterAll(() => service.stop());

  it('answers 500 internal_error once the wait runs out, never hangs', async () => {
    const response = await upload(service.baseUrl, await rasterImage('jpeg', 300, 200), 'lonely.jpg');
    expect(response.status).toBe(201);
    await service.workers[0].stop();
    const started = Date.now();
    const variant = await get(service, variantPath(response.body.src, 'webp', 's'));
    expect(variant.status).toBe(500);
    expect(variant.body).toEqual({ error: 'internal_error', message: 'Image rendering did not finish in time; try again' });
    expect(Date.now() - started).toBeLessThan(6000);
  });
});

// The folder store, like S3 and MinIO, makes an object visible only once it is whole; s3rver shows it
// while it is still being written, so a request arriving mid-write would read a partial variant.
describe('src variants under concurrent first requests', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ workers: 2, storage: 'fs' });
  });
  afterAll(() => service.stop());

  it('50 concurrent requests for one new variant: one render, 50 identical answers', async () => {
    const { id, src } = await upload(service.baseUrl, await rasterImage('jpeg', 1600, 1200), 'busy.jpg').then((response) => response.body);
    const responses = await Promise.all(Array.from({ length: 50 }, () => get(service, variantPath(src, 'webp', 'm'))));
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
    for (const response of responses) expect(Buffer.compare(response.body, responses[0].body)).toBe(0);
    expect(rendersOf(service, `variants/${id}/m.webp`)).toBe(1);
    expect(await sql('SELECT key FROM media_variants WHERE object_id = $1', [id])).toEqual([{ key: `variants/${id}/m.webp` }]);
  });
});
