import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { createGatewayApp } from '../../apps/gateway/src/create-gateway-app';
import { rasterImage } from '../fixtures/images';
import { createKey, uniqueEmail, upload } from '../harness/api-client';
import { ImportSource, serveBytes, startImportSource } from '../harness/import-source-server';
import { rawHttp } from '../harness/raw-http';
import { startTestService, TestService } from '../harness/test-service';
import '../harness/contract/check-supertest';

const HOUR_WINDOW_S = 4;

/** A fresh client address per test: the suite trusts its loopback proxy, so X-Forwarded-For is the client. */
let ipCounter = 1;
const freshIp = () => `198.51.100.${ipCounter++}`;

function expectLimitHeaders(response: request.Response, limit: number, remaining: number, withinS: number) {
  expect(response.headers['x-ratelimit-limit']).toBe(String(limit));
  expect(response.headers['x-ratelimit-remaining']).toBe(String(remaining));
  const reset = Number(response.headers['x-ratelimit-reset']);
  const now = Date.now() / 1000;
  expect(reset).toBeGreaterThanOrEqual(Math.floor(now));
  expect(reset).toBeLessThanOrEqual(Math.ceil(now) + withinS);
}

/** Every 429 carries Retry-After equal to the seconds its body names. */
function expectRetryAfter(response: request.Response, seconds: number) {
  expect(response.status).toBe(429);
  expect(response.headers['retry-after']).toBe(String(seconds));
}

describe('rate limits (Redis, shared by every gateway)', () => {
  let service: TestService;
  let source: ImportSource;
  let png: Buffer;
  let imageUrl: string;

  beforeAll(async () => {
    png = await rasterImage('png', 16, 12);
    source = await startImportSource();
    imageUrl = source.route('/image.png', serveBytes(png, 'image/png'));
    service = await startTestService({
      workers: 1,
      storage: 'fs',
      env: {
        TRUST_PROXY: 'loopback',
        IMPORT_ALLOWED_CIDRS: '127.0.0.0/8',
        RATE_LIMIT_KEYS_PER_EMAIL: '3',
        RATE_LIMIT_KEYS_PER_IP: '5',
        RATE_LIMIT_KEYS_WINDOW_S: '3600',
        RATE_LIMIT_ANON_HOURLY: '2',
        RATE_LIMIT_ANON_HOUR_S: String(HOUR_WINDOW_S),
        RATE_LIMIT_ANON_DAILY: '3',
        RATE_LIMIT_ANON_DAY_S: '3600',
        RATE_LIMIT_PER_KEY: '2',
        RATE_LIMIT_PER_KEY_WINDOW_S: '60',
      },
    });
  });
  afterAll(async () => {
    await service?.stop();
    await source?.close();
  });

  const createKeyFrom = (ip: string, body: unknown, baseUrl = service.baseUrl) =>
    request(baseUrl).post('/v1/keys').set('X-Forwarded-For', ip).send(body as object);
  const anonymousUpload = (ip: string) => upload(service.baseUrl, png, 'tiny.png').set('X-Forwarded-For', ip);
  const anonymousImport = (ip: string) => request(service.baseUrl).post('/v1/import').set('X-Forwarded-For', ip).send({ url: imageUrl });

  describe('POST /v1/keys', () => {
    it('allows 3 per email, counting requests that fail validation, then answers the wait action', async () => {
      const email = uniqueEmail();
      const first = await createKeyFrom(freshIp(), { email });
      expect(first.status).toBe(201);
      expectLimitHeaders(first, 3, 2, 3600);
      // A bad name fails validation after the limit counted it; the email's case does not matter.
      const invalid = await createKeyFrom(freshIp(), { email: email.toUpperCase(), name: '' });
      expect(invalid.status).toBe(422);
      const third = await createKeyFrom(freshIp(), { email });
      expect(third.status).toBe(201);
      expectLimitHeaders(third, 3, 0, 3600);

      const refused = await createKeyFrom(freshIp(), { email });
      expect(refused.body).toEqual({
        error: 'rate_limited',
        message: 'Too many key creation requests. Try again later.',
        action: { type: 'wait', seconds: expect.any(Number) },
      });
      expect(refused.body.action.seconds).toBeGreaterThan(3590);
      expect(refused.body.action.seconds).toBeLessThanOrEqual(3600);
      expectRetryAfter(refused, refused.body.action.seconds);
    });

    it('counts +tag and upper-case spellings of one mailbox as one email', async () => {
      const [local, domain] = uniqueEmail().split('@');
      const spellings = [`${local}@${domain}`, `${local}+a@${domain}`, `${local.toUpperCase()}+b@${domain.toUpperCase()}`, `${local}+c@${domain}`];
      const statuses = [];
      for (const email of spellings) statuses.push((await createKeyFrom(freshIp(), { email })).status);
      expect(statuses).toEqual([201, 201, 201, 429]);
    });

    it('allows 5 per IP, counting malformed and unparsable bodies, then answers the wait action', async () => {
      const ip = freshIp();
      expect((await createKeyFrom(ip, { email: 'not an email' })).status).toBe(422);
      expect((await createKeyFrom(ip, {})).status).toBe(422);
      const broken = await request(service.baseUrl).post('/v1/keys').set('X-Forwarded-For', ip).type('json').send('{"email":');
      expect(broken.status).toBe(422);
      expect(broken.body.errors).toEqual({ body: ['Body must be valid JSON'] });
      expect(broken.headers['x-ratelimit-remaining']).toBe('2');
      expect((await createKeyFrom(ip, { email: uniqueEmail() })).status).toBe(201);
      const fifth = await createKeyFrom(ip, { email: uniqueEmail() });
      expect(fifth.status).toBe(201);
      expectLimitHeaders(fifth, 5, 0, 3600);

      const refused = await createKeyFrom(ip, { email: uniqueEmail() });
      expect(refused.body).toEqual({
        error: 'rate_limited',
        message: 'Too many key creation requests. Try again later.',
        action: { type: 'wait', seconds: expect.any(Number) },
      });
      expectRetryAfter(refused, refused.body.action.seconds);
      // Another client is not affected.
      expect((await createKeyFrom(freshIp(), { email: uniqueEmail() })).status).toBe(201);
    });

    it('counts across two gateway instances as one', async () => {
      const second: INestApplication = await createGatewayApp(service.config);
      await second.listen(0, '127.0.0.1');
      try {
        const address = second.getHttpServer().address() as { port: number };
        const secondUrl = `http://127.0.0.1:${address.port}`;
        const ip = freshIp();
        for (let i = 0; i < 5; i++) {
          const response = await createKeyFrom(ip, { email: uniqueEmail() }, i % 2 === 0 ? service.baseUrl : secondUrl);
          expect(response.status).toBe(201);
        }
        // Each gateway saw only 2 or 3 of the 5: refusing now means they count together.
        const refusedHere = await createKeyFrom(ip, { email: uniqueEmail() }, service.baseUrl);
        const refusedThere = await createKeyFrom(ip, { email: uniqueEmail() }, secondUrl);
        expect([refusedHere.status, refusedThere.status]).toEqual([429, 429]);
        expect(refusedThere.body.error).toBe('rate_limited');
      } finally {
        await second.close();
      }
    });
  });

  describe('anonymous POST /v1/upload and /v1/import together', () => {
    it('allows the hourly limit, then answers the redirect action with retry_after in minutes', async () => {
      const ip = freshIp();
      const first = await anonymousUpload(ip);
      expect(first.status).toBe(201);
      expectLimitHeaders(first, 2, 1, HOUR_WINDOW_S);
      const second = await anonymousImport(ip);
      expect(second.status).toBe(201);
      expectLimitHeaders(second, 2, 0, HOUR_WINDOW_S);

      const refused = await anonymousUpload(ip);
      expect(refused.body).toEqual({
        error: 'rate_limited',
        message: 'Hourly limit of 2 uploads reached. Resets in 1 minutes. Get an API key for higher limits.',
        action: { type: 'redirect', url: `${service.config.webBaseUrl}/api/quick-start`, label: 'Create API Key' },
        retry_after: expect.any(Number),
      });
      expect(refused.body.retry_after).toBeGreaterThanOrEqual(1);
      expect(refused.body.retry_after).toBeLessThanOrEqual(HOUR_WINDOW_S);
      expectRetryAfter(refused, refused.body.retry_after);
      expect((await anonymousImport(ip)).status).toBe(429);

      // Refused before the body is read: the answer comes while 10 MB are still owed.
      const head = [
        'POST /v1/upload HTTP/1.1',
        `Host: 127.0.0.1`,
        `X-Forwarded-For: ${ip}`,
        'Content-Type: multipart/form-data; boundary=xyz',
        'Content-Length: 10000000',
        'Connection: close',
        '',
        '--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\n\r\n',
      ].join('\r\n');
      const early = await rawHttp(service.baseUrl, [head, { pauseMs: 8000 }]);
      expect(early.status).toBe(429);
      expect(early.closedAfterMs).toBeLessThan(5000);
      expect(JSON.parse(early.body).error).toBe('rate_limited');
    });

    it('allows the daily limit across hourly windows, then answers the daily form', async () => {
      const ip = freshIp();
      expect((await anonymousUpload(ip)).status).toBe(201);
      const second = await anonymousUpload(ip);
      expect(second.status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, Number(second.headers['x-ratelimit-reset']) * 1000 - Date.now() + 100));

      const third = await anonymousImport(ip);
      expect(third.status).toBe(201);
      expectLimitHeaders(third, 3, 0, 3600);
      const refused = await anonymousUpload(ip);
      expect(refused.body).toEqual({
        error: 'rate_limited',
        message: expect.stringMatching(/^Daily limit of 3 uploads reached\. Resets in (59|60) minutes\. Get an API key for higher limits\.$/),
        action: { type: 'redirect', url: `${service.config.webBaseUrl}/api/quick-start`, label: 'Create API Key' },
        retry_after: expect.any(Number),
      });
      const minutes = Number(/Resets in (\d+) minutes/.exec(refused.body.message)![1]);
      expect(minutes).toBe(Math.ceil(refused.body.retry_after / 60));
      expectRetryAfter(refused, refused.body.retry_after);
    });
  });

  describe('keyed requests', () => {
    it('allow the per-key limit, whatever the outcome, then answer the wait action', async () => {
      const { key } = await createKey(service.baseUrl);
      const ip = freshIp();
      const keyed = () => upload(service.baseUrl, png, 'tiny.png', key).set('X-Forwarded-For', ip);
      // A request that fails validation counts as well.
      const empty = await request(service.baseUrl).post('/v1/upload').set('Authorization', `Bearer ${key}`).send({});
      expect(empty.status).toBe(422);
      const second = await keyed();
      expect(second.status).toBe(201);
      expectLimitHeaders(second, 2, 0, 60);

      const refused = await keyed();
      expect(refused.body).toEqual({ error: 'rate_limited', message: 'Too many requests. Try again later.', action: { type: 'wait', seconds: expect.any(Number) } });
      expect(refused.body.action.seconds).toBeGreaterThan(50);
      expect(refused.body.action.seconds).toBeLessThanOrEqual(60);
      expectRetryAfter(refused, refused.body.action.seconds);
      // The key's limit is not the address's: anonymous uploads from the same client still pass.
      expect((await anonymousUpload(ip)).status).toBe(201);
    });

    it.each([
      ['GET', '/v1/media'],
      ['GET', '/v1/usage'],
      ['GET', '/v1/keys'],
    ])('count %s %s against the same per-key limit', async (_method, path) => {
      const { key } = await createKey(service.baseUrl);
      const call = () => request(service.baseUrl).get(path).set('Authorization', `Bearer ${key}`);
      expect((await call()).status).toBe(200);
      const second = await call();
      expect(second.status).toBe(200);
      expectLimitHeaders(second, 2, 0, 60);
      const refused = await call();
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ error: 'rate_limited', action: { type: 'wait' } });
    });
  });
});

describe('rate limits without TRUST_PROXY', () => {
  let service: TestService;
  beforeAll(async () => (service = await startTestService({ workers: 0, storage: 'fs', env: { RATE_LIMIT_KEYS_PER_IP: '2' } })));
  afterAll(() => service?.stop());

  it('count the socket address, whatever X-Forwarded-For claims', async () => {
    const send = (claimed: string) => request(service.baseUrl).post('/v1/keys').set('X-Forwarded-For', claimed).send({ email: uniqueEmail() });
    expect((await send('203.0.113.1')).status).toBe(201);
    expect((await send('203.0.113.2')).status).toBe(201);
    const refused = await send('203.0.113.3');
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('rate_limited');
  });
});
