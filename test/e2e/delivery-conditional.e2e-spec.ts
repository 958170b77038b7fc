import request from 'supertest';
import { startTestService, TestService } from '../harness/test-service';
import { pathOf, upload } from '../harness/api-client';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

/** RFC 9110 conditional requests on delivered images: If-None-Match, If-Modified-Since, If-Range. */
describe('conditional GET on src', () => {
  let service: TestService;
  let path: string;
  let bytes: Buffer;
  let etag: string;
  let lastModified: string;

  beforeAll(async () => {
    service = await startTestService({ workers: 1 });
    bytes = await rasterImage('png', 40, 30);
    const uploaded = await upload(service.baseUrl, bytes, 'c.png');
    expect(uploaded.status).toBe(201);
    path = pathOf(uploaded.body.src);
    const first = await request(service.baseUrl).get(path).buffer(true);
    expect(first.status).toBe(200);
    etag = first.headers.etag;
    lastModified = first.headers['last-modified'];
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(new Date(lastModified).getTime()).toBeGreaterThan(0);
  });
  afterAll(() => service.stop());

  const get = (headers: Record<string, string>) => {
    let req = request(service.baseUrl).get(path).buffer(true);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    return req;
  };

  it.each([
    ['the exact tag', () => etag],
    ['a list holding the tag', () => `"other", ${etag}, "more"`],
    ['the weak form of the tag', () => `W/${etag}`],
    ['*', () => '*'],
  ])('If-None-Match with %s → 304 with the validators', async (_case, value) => {
    const response = await get({ 'If-None-Match': value() });
    expect(response.status).toBe(304);
    expect(response.headers.etag).toBe(etag);
    expect(response.headers['cache-control']).toMatch(/immutable/);
  });

  it('If-None-Match with other tags only → 200 and the bytes', async () => {
    const response = await get({ 'If-None-Match': '"other", W/"more"' });
    expect(response.status).toBe(200);
    expect(Buffer.compare(response.body, bytes)).toBe(0);
  });

  it('If-Modified-Since at Last-Modified → 304; earlier → 200; ignored when If-None-Match is sent', async () => {
    expect((await get({ 'If-Modified-Since': lastModified })).status).toBe(304);
    const earlier = new Date(new Date(lastModified).getTime() - 3600_000).toUTCString();
    expect((await get({ 'If-Modified-Since': earlier })).status).toBe(200);
    expect((await get({ 'If-Modified-Since': lastModified, 'If-None-Match': '"other"' })).status).toBe(200);
  });

  it.each([
    ['the current tag', () => etag],
    ['the Last-Modified date', () => lastModified],
  ])('If-Range with %s → 206 with the range', async (_case, value) => {
    const response = await get({ Range: 'bytes=0-9', 'If-Range': value() });
    expect(response.status).toBe(206);
    expect(response.headers['content-range']).toBe(`bytes 0-9/${bytes.length}`);
    expect(Buffer.compare(response.body, bytes.subarray(0, 10))).toBe(0);
  });

  it.each([
    ['a stale tag', () => '"stale-1"'],
    ['the weak form of the tag (If-Range needs a strong match)', () => `W/${etag}`],
    ['an earlier date', () => new Date(new Date(lastModified).getTime() - 3600_000).toUTCString()],
    ['garbage', () => 'not a validator'],
  ])('If-Range with %s → 200 and the whole representation', async (_case, value) => {
    const response = await get({ Range: 'bytes=0-9', 'If-Range': value() });
    expect(response.status).toBe(200);
    expect(response.headers['content-range']).toBeUndefined();
    expect(response.headers['content-length']).toBe(String(bytes.length));
    expect(Buffer.compare(response.body, bytes)).toBe(0);
  });
});
