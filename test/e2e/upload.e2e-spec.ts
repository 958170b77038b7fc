import request from 'supertest';
import sharp from 'sharp';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '@app/storage';
import { startKeyedService, TestService } from '../harness/test-service';
import { createKey, pathOf, upload } from '../harness/api-client';
import { animatedImage, bmpImage, heicImage, icoImage, jpegWithPrivateText, rasterImage, rotatedJpeg, SIMPLE_SVG } from '../fixtures/images';
import '../harness/contract/check-supertest';

describe('POST /v1/upload → worker → storage → GET', () => {
  let service: TestService;
  let key: string;

  beforeAll(async () => {
    ({ service, key } = await startKeyedService({ workers: 1 }));
  });
  afterAll(() => service.stop());

  async function s3Bytes(objectKey: string): Promise<Buffer> {
    const client = createS3Client(service.config.s3!);
    const result = await client.send(new GetObjectCommand({ Bucket: service.config.s3!.bucket, Key: objectKey }));
    return Buffer.from(await result.Body!.transformToByteArray());
  }

  it('stores a keyed JPEG and serves the same bytes through S3 and src', async () => {
    const jpeg = await rasterImage('jpeg', 64, 48);
    const response = await upload(service.baseUrl, jpeg, 'holiday.jpg', key, { tags: 'Cat, garden,cat', namespace: 'blog-2026' });
    expect(response.status).toBe(201);
    const media = response.body;
    expect(media).toMatchObject({
      id: expect.stringMatching(/^[a-z0-9]{8}$/),
      name: 'holiday.jpg',
      width: 64,
      height: 48,
      filesize: jpeg.length,
      format: 'jpeg',
      tags: ['cat', 'garden'],
      namespace: 'blog-2026',
      public: true,
    });
    expect(media.url).toBe(`${service.config.webBaseUrl}/${media.id}`);
    expect(media.src).toBe(`${service.config.srcBaseUrl}/${media.id.slice(0, 2)}/${media.id}.jpg`);
    expect(media.upgrade).toBeUndefined();
    expect(media.expires_at - media.created_at).toBe(30 * 86400);

    expect((await s3Bytes(`originals/${media.id}.jpg`)).equals(jpeg)).toBe(true);
    const served = await request(service.baseUrl).get(pathOf(media.src)).buffer(true);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.headers['content-length']).toBe(String(jpeg.length));
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers.etag).toBeTruthy();
    expect(Buffer.compare(served.body, jpeg)).toBe(0);

    const again = await request(service.baseUrl).get(pathOf(media.src)).set('If-None-Match', served.headers.etag);
    expect(again.status).toBe(304);
    const range = await request(service.baseUrl).get(pathOf(media.src)).set('Range', 'bytes=0-9').buffer(true);
    expect(range.status).toBe(206);
    expect(Buffer.compare(range.body, jpeg.subarray(0, 10))).toBe(0);

    const read = await request(service.baseUrl).get(`/v1/media/${media.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(media);
  });

  it('accepts an anonymous upload: public, 30 days, tags ignored, upgrade hint', async () => {
    const png = await rasterImage('png', 20, 10);
    const response = await upload(service.baseUrl, png, 'a.png', undefined, { tags: 'x', namespace: 'abc', public: 'false' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ format: 'png', width: 20, height: 10, tags: [], namespace: null, public: true });
    expect(response.body.expires_at - response.body.created_at).toBe(30 * 86400);
    expect(response.body.upgrade).toEqual({
      type: 'register',
      url: `${service.config.webBaseUrl}/api/quick-start`,
      message: 'Get an API key for permanent storage and 100 uploads/month',
      label: 'Create API Key',
    });
  });

  it.each([
    ['png', () => rasterImage('png'), 'png', 'image/png'],
    ['webp', () => rasterImage('webp'), 'webp', 'image/webp'],
    ['avif', () => rasterImage('avif'), 'avif', 'image/avif'],
    ['gif', () => rasterImage('gif'), 'gif', 'image/gif'],
    ['animated gif', () => animatedImage('gif'), 'gif', 'image/gif'],
    ['animated webp', () => animatedImage('webp'), 'webp', 'image/webp'],
  ])('stores %s detected from content, not from the .bin name', async (_label, make, format, contentType) => {
    const bytes = await make();
    const response = await upload(service.baseUrl, bytes, 'upload.bin', key);
    expect(response.status).toBe(201);
    expect(response.body.format).toBe(format);
    const served = await request(service.baseUrl).get(pathOf(response.body.src)).buffer(true);
    expect(served.headers['content-type']).toBe(contentType);
    const meta = await sharp(served.body, { animated: true }).metadata();
    expect(meta.format === 'heif' ? 'avif' : meta.format).toBe(format);
    if (_label.startsWith('animated')) expect(meta.pages).toBe(3);
  });

  it.each([
    ['HEIC, stored and served as JPEG', heicImage, { format: 'jpeg', width: 64, height: 48 }, 'jpg', 'image/jpeg'],
    ['BMP, stored as is', () => bmpImage(12, 8), { format: 'bmp', width: 12, height: 8 }, 'bmp', 'image/bmp'],
    ['ICO, stored as is', icoImage, { format: 'ico', width: 16, height: 16 }, 'ico', 'image/x-icon'],
  ])('accepts %s', async (_label, make, expected, ext, contentType) => {
    const bytes = make();
    const response = await upload(service.baseUrl, bytes, 'upload.bin', key);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject(expected);
    expect(response.body.src.endsWith(`.${ext}`)).toBe(true);
    const served = await request(service.baseUrl).get(pathOf(response.body.src)).buffer(true);
    expect(served.headers['content-type']).toBe(contentType);
    if (ext === 'jpg') expect((await sharp(served.body).metadata()).format).toBe('jpeg');
    else expect(Buffer.compare(served.body, bytes)).toBe(0);
  });

  it('applies EXIF orientation and strips EXIF from the stored original', async () => {
    const response = await upload(service.baseUrl, await rotatedJpeg(80, 40), 'rotated.jpg', key);
    expect(response.status).toBe(201);
    expect([response.body.width, response.body.height]).toEqual([40, 80]);
    const stored = await s3Bytes(`originals/${response.body.id}.jpg`);
    const meta = await sharp(stored).metadata();
    expect([meta.width, meta.height]).toEqual([40, 80]);
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation ?? 1).toBe(1);
  });

  it('stores a JPEG without its comment, its bytes after the end marker and its MPF second image, pixels untouched', async () => {
    const secret = 'secret-home-address';
    const { jpeg, primary } = await jpegWithPrivateText(secret);
    const response = await upload(service.baseUrl, jpeg, 'camera.jpg', key);
    expect(response.status).toBe(201);
    const stored = await s3Bytes(`originals/${response.body.id}.jpg`);
    expect(stored.includes(secret)).toBe(false);
    expect(stored.equals(primary)).toBe(true);
    const served = await request(service.baseUrl).get(pathOf(response.body.src)).buffer(true);
    expect(Buffer.compare(served.body, stored)).toBe(0);
    expect(response.body.filesize).toBe(stored.length);
  });

  it('stores a sanitised SVG served with a restrictive CSP', async () => {
    const hostile = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="50" height="40" onload="alert(1)"><script>alert(2)</script><rect width="50" height="40" fill="red"/></svg>',
    );
    const response = await upload(service.baseUrl, hostile, 'x.svg', key);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ format: 'svg', width: 50, height: 40 });
    const served = await request(service.baseUrl).get(pathOf(response.body.src)).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    const text = (served.body as Buffer).toString('utf8');
    expect(served.headers['content-type']).toBe('image/svg+xml');
    expect(served.headers['content-security-policy']).toContain("default-src 'none'");
    expect(text).toContain('<rect');
    expect(text).not.toMatch(/script|onload|alert/i);
    const plain = await upload(service.baseUrl, SIMPLE_SVG, 'plain.svg', key);
    expect(plain.body).toMatchObject({ format: 'svg', width: 120, height: 80 });
  });

  it('keeps private media from everyone but its owner', async () => {
    const response = await upload(service.baseUrl, await rasterImage('png'), 'p.png', key, { public: 'false' });
    expect(response.status).toBe(201);
    expect(response.body.public).toBe(false);
    const other = (await createKey(service.baseUrl)).key;
    expect((await request(service.baseUrl).get(`/v1/media/${response.body.id}`)).body).toEqual({ error: 'not_found', message: 'Media not found' });
    expect((await request(service.baseUrl).get(`/v1/media/${response.body.id}`).set('Authorization', `Bearer ${other}`)).status).toBe(404);
    expect((await request(service.baseUrl).get(pathOf(response.body.src))).status).toBe(404);
    const own = await request(service.baseUrl).get(`/v1/media/${response.body.id}`).set('Authorization', `Bearer ${key}`);
    expect(own.status).toBe(200);
  });

  it('answers 404 for unknown media ids and src paths', async () => {
    expect((await request(service.baseUrl).get('/v1/media/zzzzzzzz')).status).toBe(404);
    expect((await request(service.baseUrl).get('/zz/zzzzzzzz.jpg')).body).toEqual({ error: 'not_found', message: 'Media not found' });
  });
});
