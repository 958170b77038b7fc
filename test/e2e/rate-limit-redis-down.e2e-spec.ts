import request from 'supertest';
import { rasterImage } from '../fixtures/images';
import { uniqueEmail, upload } from '../harness/api-client';
import { PrivateRedisService, startServiceOnPrivateRedis } from '../harness/private-redis-service';
import type { TestService } from '../harness/test-service';

/**
 * The limiter's own Redis (RATE_LIMIT_REDIS_URL) is stopped while the rest of the service runs on the
 * run's Redis: requests pass unlimited (fail open) instead of failing, and limits resume when it is back.
 */
describe('rate limits when their Redis is down', () => {
  let stack: PrivateRedisService;
  let service: TestService;

  beforeAll(async () => {
    stack = await startServiceOnPrivateRedis({ RATE_LIMIT_KEYS_PER_IP: '3', RATE_LIMIT_ANON_HOURLY: '1' }, { rateLimitsOnly: true });
    service = stack.service;
  });
  afterAll(() => stack?.stop());

  const createKey = () => request(service.baseUrl).post('/v1/keys').send({ email: uniqueEmail() });

  it('lets requests through without limit headers, then limits again once Redis is back', async () => {
    const counted = await createKey();
    expect(counted.status).toBe(201);
    expect(counted.headers['x-ratelimit-remaining']).toBe('2');

    await stack.redis.stop();
    const started = Date.now();
    for (let i = 0; i < 4; i++) {
      const response = await createKey();
      expect(response.status).toBe(201);
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    }
    const png = await rasterImage('png', 16, 12);
    for (let i = 0; i < 2; i++) expect((await upload(service.baseUrl, png, 'tiny.png')).status).toBe(201);
    // Failing open is immediate: no request waits on a reconnect.
    expect(Date.now() - started).toBeLessThan(10_000);

    await stack.restartRedis();
    let remaining: string | undefined;
    for (let attempt = 0; attempt < 100 && remaining === undefined; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      remaining = (await createKey()).headers['x-ratelimit-remaining'];
    }
    // The restarted Redis is empty: counting starts again, and the limit holds.
    expect(remaining).toBe('2');
    expect((await createKey()).headers['x-ratelimit-remaining']).toBe('1');
    expect((await createKey()).headers['x-ratelimit-remaining']).toBe('0');
    const refused = await createKey();
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe(String(refused.body.action.seconds));
  });
});
