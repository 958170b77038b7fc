import request from 'supertest';
import { startTestService, TestService } from '../harness/test-service';
import { rawHttp } from '../harness/raw-http';
import { upload } from '../harness/api-client';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** HTTP-level edges: errors before the API sees a request, conditional requests and ranges. */
describe('HTTP edges of the gateway', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({
      workers: 0,
      // No workers: an upload waits JOB_WAIT_TIMEOUT_MS for its job, then answers with the processing row.
      env: { HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '4000', HTTP_IDLE_TIMEOUT_MS: '1000', JOB_WAIT_TIMEOUT_MS: '2500' },
    });
  });
  afterAll(() => service.stop());

  describe('body-parser errors carry X-Request-Id', () => {
    const postKeys = (body: string, contentType = 'application/json') =>
      request(service.baseUrl).post('/v1/keys').set('Content-Type', contentType).send(body);

    it.each([
      ['invalid JSON', '{"email":', 'application/json', 'Body must be valid JSON'],
      ['a body over 1 MB', JSON.stringify({ email: 'a'.repeat(1_100_000) }), 'application/json', 'Body is too large'],
      ['an unknown charset', '{}', 'application/json; charset=klingon', 'Body could not be read'],
    ])('%s: 422 with a fresh request id', async (_case, body, contentType, message) => {
      const response = await postKeys(body, contentType);
      expect(response.status).toBe(422);
      expect(response.body).toEqual({ error: 'validation_error', message: 'Validation failed', errors: { body: [message] } });
      expect(response.headers['x-request-id']).toMatch(UUID);
    });

    it("echoes the caller's request id on a body-parser error", async () => {
      const response = await request(service.baseUrl)
        .post('/v1/keys')
        .set('Content-Type', 'application/json')
        .set('X-Request-Id', 'trace-42')
        .send('not json');
      expect(response.status).toBe(422);
      expect(response.headers['x-request-id']).toBe('trace-42');
    });
  });

  describe('requests Node rejects before routing get a JSON error', () => {
    const expectJsonError = (answer: { status: number; headers: Record<string, string>; body: string }, status: number, field: string) => {
      expect(answer.status).toBe(status);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.headers['x-request-id']).toMatch(UUID);
      expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
      const body = JSON.parse(answer.body);
      expect(body).toMatchObject({ error: 'validation_error', message: 'Validation failed' });
      expect(body.errors[field]).toEqual([expect.any(String)]);
    };

    it('431 for headers over the size limit', async () => {
      const answer = await rawHttp(service.baseUrl, [`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`]);
      expectJsonError(answer, 431, 'headers');
    });

    it('400 for a malformed header line', async () => {
      const answer = await rawHttp(service.baseUrl, ['GET /health HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n']);
      expectJsonError(answer, 400, 'request');
    });

    it('400 for a malformed request line', async () => {
      const answer = await rawHttp(service.baseUrl, ['GARBAGE\r\n\r\n']);
      expectJsonError(answer, 400, 'request');
    });

    it('417 for an Expect other than 100-continue', async () => {
      const answer = await rawHttp(service.baseUrl, [
        'POST /v1/keys HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n',
      ]);
      expectJsonError(answer, 417, 'expect');
    });

    it('408 for headers that never finish (HTTP_HEADERS_TIMEOUT_MS)', async () => {
      const answer = await rawHttp(service.baseUrl, ['GET /health HTTP/1.1\r\nHost: x\r\n']);
      expectJsonError(answer, 408, 'request');
      expect(answer.closedAfterMs).toBeGreaterThanOrEqual(900);
      expect(answer.closedAfterMs).toBeLessThan(3000);
    });

    it('408 for an upload body that stops arriving (HTTP_IDLE_TIMEOUT_MS)', async () => {
      const answer = await rawHttp(service.baseUrl, [
        'POST /v1/upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=X\r\nContent-Length: 100000\r\n\r\n',
        '--X\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n',
        Buffer.from([0xff, 0xd8, 0xff]),
      ]);
      expectJsonError(answer, 408, 'request');
      expect(answer.closedAfterMs).toBeGreaterThanOrEqual(900);
      expect(answer.closedAfterMs).toBeLessThan(3000);
    });

    it('keeps the connection of a complete upload answered after longer than the idle limit', async () => {
      const started = Date.now();
      const response = await upload(service.baseUrl, await rasterImage('png', 8, 8), 'slow.png');
      expect(Date.now() - started).toBeGreaterThanOrEqual(2400);
      expect(response.status).toBeLessThan(300);
      expect(response.body).toMatchObject({ id: expect.any(String) });
    });

    it('408 for a body dripping in slower than the whole-request limit (HTTP_REQUEST_TIMEOUT_MS)', async () => {
      const drip = Array.from({ length: 40 }, () => [{ pauseMs: 250 }, 'a']).flat();
      const answer = await rawHttp(service.baseUrl, [
        'POST /v1/keys HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
        ...drip,
      ]);
      expectJsonError(answer, 408, 'request');
      expect(answer.closedAfterMs).toBeGreaterThanOrEqual(3900);
      expect(answer.closedAfterMs).toBeLessThan(8000);
    });
  });
});
