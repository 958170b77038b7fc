import { promises as fs } from 'fs';
import * as http from 'http';
import * as path from 'path';
import request from 'supertest';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createS3Client } from '@app/storage';
import { startKeyedService, startTestService, TestService } from '../harness/test-service';
import { createKey, upload } from '../harness/api-client';
import { mediaRows } from '../harness/media-rows';
import { pngBombHeader, rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const MB = 1024 * 1024;

describe('upload failures answer the documented errors and leave nothing behind', () => {
  let service: TestService;
  let key: string;

  beforeAll(async () => {
    // Small caps keep the oversized-file cases fast; the message format is the same at any size.
    ({ service, key } = await startKeyedService({ workers: 1, env: { ANONYMOUS_MAX_MB: '2', KEYED_MAX_MB: '3', SVG_MAX_MB: '1' } }));
  });
  afterAll(() => service.stop());

  async function storedKeys(): Promise<string[]> {
    const client = createS3Client(service.config.s3!);
    const listed = await client.send(new ListObjectsV2Command({ Bucket: service.config.s3!.bucket }));
    return (listed.Contents ?? []).map((object) => object.Key!);
  }

  async function expectNothingLeftFor(name: string) {
    const rows = await mediaRows(`name = $1`, [name]);
    // Each of these cases reaches a worker, so a row exists; an empty list would prove nothing.
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.status).toBe('failed');
    const keys = await storedKeys();
    for (const row of rows) expect(keys.filter((k) => k.includes(row.id as string))).toEqual([]);
  }

  it('refuses a text file named .jpg', async () => {
    const response = await upload(service.baseUrl, Buffer.from('hello, I am not an image\n'.repeat(20)), 'text-as.jpg', key);
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: 'upload_failed', message: 'Unsupported file type' });
    await expectNothingLeftFor('text-as.jpg');
  });

  it('refuses a truncated JPEG', async () => {
    const jpeg = await rasterImage('jpeg', 400, 300);
    const response = await upload(service.baseUrl, jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), 'truncated.jpg', key);
    expect(response.status).toBe(500);
    expect(response.body.error).toBe('upload_failed');
    expect(response.body.message).toMatch(/truncated|corrupt/i);
    await expectNothingLeftFor('truncated.jpg');
  });

  it('refuses a PNG header claiming 100000 x 100000 pixels', async () => {
    const response = await upload(service.baseUrl, pngBombHeader(), 'bomb.png', key);
    expect(response.status).toBe(500);
    expect(response.body.error).toBe('upload_failed');
    expect(response.body.message).toMatch(/100000x100000/);
    await expectNothingLeftFor('bomb.png');
  });

  it.each([
    ['keyed', 3, 3.5],
    ['anonymous', 2, 2.25],
  ])('refuses a %s file over its cap with its real size', async (who, capMb, sizeMb) => {
    const big = Buffer.alloc(Math.round(sizeMb * MB), 7);
    const response = await upload(service.baseUrl, big, `big-${who}.jpg`, who === 'keyed' ? key : undefined);
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      error: 'upload_failed',
      message: `File too large: ${sizeMb.toFixed(2)} MB. Maximum file size is ${capMb} MB.`,
    });
    expect(await mediaRows(`name = $1`, [`big-${who}.jpg`])).toEqual([]);
    expect((await storedKeys()).filter((k) => k.startsWith('staging/'))).toEqual([]);
  });

  it('holds SVG to its own, lower cap', async () => {
    const padding = '<!--' + 'x'.repeat(1.5 * MB - 200) + '-->';
    const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">${padding}<rect width="10" height="10"/></svg>`);
    const response = await upload(service.baseUrl, svg, 'big.svg', key);
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      error: 'upload_failed',
      message: `File too large: ${(svg.length / MB).toFixed(2)} MB. Maximum file size is 1 MB.`,
    });
    await expectNothingLeftFor('big.svg');
  });

  it('reports every invalid field at once', async () => {
    const response = await upload(service.baseUrl, await rasterImage('png'), 'f.png', key, {
      namespace: 'Bad_NS',
      tags: Array.from({ length: 11 }, (_, i) => `t${i}`).join(','),
      public: 'maybe',
      ttl: '10s',
      date: 'yesterday',
    });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      error: 'validation_error',
      message: 'Validation failed',
      errors: {
        namespace: ['Must be lowercase alphanumeric with hyphens'],
        tags: ['Must have at most 10 tags'],
        public: ['Must be true or false'],
        ttl: ['Must be at least 300 seconds (5m)'],
        date: ['Must be an ISO 8601 date or datetime'],
      },
    });
    expect((await storedKeys()).filter((k) => k.startsWith('staging/'))).toEqual([]);
  });

  it('requires a file', async () => {
    const response = await request(service.baseUrl).post('/v1/upload').set('Authorization', `Bearer ${key}`).field('name', 'x');
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ error: 'validation_error', message: 'Validation failed', errors: { file: ['File is required'] } });
  });

  it('answers 422 for a JSON body instead of multipart', async () => {
    const response = await request(service.baseUrl).post('/v1/upload').send({ file: 'x' });
    expect(response.status).toBe(422);
    expect(response.body.errors.file).toEqual(['File is required']);
  });

  it('honours ttl and a long tag', async () => {
    const ok = await upload(service.baseUrl, await rasterImage('png'), 'ttl.png', key, { ttl: '1h', date: '2026-01-02' });
    expect(ok.status).toBe(201);
    expect(ok.body.expires_at - ok.body.created_at).toBe(3600);
    expect(ok.body.date).toBe('2026-01-02T00:00:00.000Z');
    const long = await upload(service.baseUrl, await rasterImage('png'), 'tag.png', key, { tags: 'x'.repeat(51) }).refusalBeyondDocument(
      'a comma list is measured per tag, after trimming',
    );
    expect(long.status).toBe(422);
    expect(long.body.errors.tags).toEqual(['Each tag must be at most 50 characters']);
  });

  it('answers upload_failed when storage stops, and serves again once it is back', async () => {
    await service.s3!.stop();
    try {
      const response = await upload(service.baseUrl, await rasterImage('png'), 'nostorage.png', key);
      expect(response.status).toBe(500);
      expect(response.body).toEqual({ error: 'upload_failed', message: 'Upload failed' });
    } finally {
      await service.s3!.restart();
    }
    const response = await upload(service.baseUrl, await rasterImage('png'), 'after.png', key);
    expect(response.status).toBe(201);
  });
});

describe('a client that gives up mid-upload', () => {
  let service: TestService;
  // The folder driver shows a write in progress as a .part file, so an abandoned write is visible.
  beforeAll(async () => (service = await startTestService({ workers: 0, storage: 'fs' })));
  afterAll(() => service.stop());

  it('leaves no staging object and no row, and the gateway keeps serving', async () => {
    const { key } = await createKey(service.baseUrl);
    const boundary = 'abandon-boundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="abandoned.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    );
    const port = new URL(service.baseUrl).port;
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/upload',
        headers: {
          Authorization: `Bearer ${key}`,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': String(head.length + 12 * MB),
        },
      });
      req.on('error', () => resolve());
      req.write(head);
      // ~2 MB of a promised 12 MB, then the connection drops.
      req.write(Buffer.alloc(2 * MB, 1), () => setTimeout(() => (req.destroy(), resolve()), 300));
    });
    const deadline = Date.now() + 10_000;
    let staged: string[] = [];
    do {
      await new Promise((resolve) => setTimeout(resolve, 200));
      staged = await fs.readdir(path.join(service.config.dataDir, 'objects', 'staging')).catch(() => []);
    } while (staged.length && Date.now() < deadline);
    expect(staged).toEqual([]);
    expect(await mediaRows(`name = 'abandoned.jpg'`)).toEqual([]);
    expect((await request(service.baseUrl).get('/health')).status).toBe(200);
  });
});
