import request from 'supertest';
import { createHash } from 'crypto';
import { ImportingService, startImportingService } from '../harness/importing-service';
import { pollUntilReady, upload } from '../harness/api-client';
import { serveBytes } from '../harness/import-source-server';
import { rasterImage, rotatedJpeg } from '../fixtures/images';
import '../harness/contract/check-supertest';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('sha256 of the bytes as uploaded or fetched', () => {
  let stack: ImportingService;
  beforeAll(async () => void (stack = await startImportingService()));
  afterAll(() => stack?.stop());

  const get = (id: string) => request(stack.service.baseUrl).get(`/v1/media/${id}`).set('Authorization', `Bearer ${stack.key}`);
  const listBy = (hash: string) => request(stack.service.baseUrl).get('/v1/media').query({ sha256: hash }).set('Authorization', `Bearer ${stack.key}`);

  it('an upload answers the hash a client computes before uploading, and the list finds it by that hash', async () => {
    // Re-encoded on the way in (orientation applied): the hash is still the one of the bytes sent.
    const bytes = await rotatedJpeg(60, 30);
    const response = await upload(stack.service.baseUrl, bytes, 'turned.jpg', stack.key);
    expect(response.status).toBe(201);
    expect(response.body.sha256).toBe(sha256(bytes));
    expect((await get(response.body.id)).body.sha256).toBe(sha256(bytes));
    const listed = await listBy(sha256(bytes));
    expect(listed.body.data.map((media: { id: string }) => media.id)).toEqual([response.body.id]);
  });

  it('an answer of 202 already carries it', async () => {
    const bytes = await rasterImage('png', 33, 21);
    const response = await request(stack.service.baseUrl)
      .post('/v1/upload')
      .set('Authorization', `Bearer ${stack.key}`)
      .set('Prefer', 'respond-async')
      .attach('file', bytes, 'later.png');
    expect([201, 202]).toContain(response.status);
    expect(response.body.sha256).toBe(sha256(bytes));
    expect((await pollUntilReady(stack.service.baseUrl, response.body.id, stack.key)).body.sha256).toBe(sha256(bytes));
  });

  it('an import answers the hash of the bytes its URL served', async () => {
    const bytes = await rasterImage('webp', 41, 17);
    const url = stack.source.route('/sha/picture.webp', serveBytes(bytes, 'image/webp'));
    const response = await request(stack.service.baseUrl).post('/v1/import').set('Authorization', `Bearer ${stack.key}`).send({ url });
    expect(response.status).toBe(201);
    expect(response.body.sha256).toBe(sha256(bytes));
    expect((await get(response.body.id)).body.sha256).toBe(sha256(bytes));
    expect((await listBy(sha256(bytes))).body.data.map((media: { id: string }) => media.id)).toEqual([response.body.id]);
  });
});
