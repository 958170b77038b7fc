import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { createGatewayApp } from '../../apps/gateway/src/create-gateway-app';
import { rasterImage } from '../fixtures/images';
import { uniqueEmail, upload } from '../harness/api-client';
import { PrivateRedisService, startServiceOnPrivateRedis } from '../harness/private-redis-service';
import type { TestService } from '../harness/test-service';
import '../harness/contract/check-supertest';

const KEYS_PER_IP = 3;
const KEYS_PER_EMAIL = 3;

/**
 * The limiter's own Redis (RATE_LIMIT_REDIS_URL) is stopped while the rest of the service runs on the
 * run's Redis: uploads pass unlimited (fail open) instead of failing, key creation is counted by each
 * gateway in memory with the same limits (it never fails open), and limits resume when Redis is back.
 */
describe('rate limits when their Redis is down', () => {
  let stack: PrivateRedisService;
  let service: TestService;

  beforeAll(async () => {
    stack = await startServiceOnPrivateRedis(
      { RATE_LIMIT_KEYS_PER_IP: String(KEYS_PER_IP), RATE_LIMIT_KEYS_PER_EMAIL: String(KEYS_PER_EMAIL), RATE_LIMIT_ANON_HOURLY: '1', TRUST_PROXY: 'loopback' },
      { rateLimitsOnly: true },
    );
    service = stack.service;
  });
  afterAll(() => stack?.stop());

  const createKey = (baseUrl = service.baseUrl, email = uniqueEmail(), ip?: string) => {
    const req = request(baseUrl).post('/v1/keys');
    return (ip ? req.set('X-Forwarded-For', ip) : req).send({ email });
  };

  it('lets uploads through without limit headers, counts key creation in memory, then limits in Redis again once it is back', async () => {
    const counted = await createKey();
    expect(counted.status).toBe(201);
    expect(counted.headers['x-ratelimit-remaining']).toBe('2');

    await stack.redis.stop();
    const started = Date.now();
    const whileDown = [];
    for (let i = 0; i < KEYS_PER_IP + 1; i++) whileDown.push(await createKey());
    expect(whileDown.map((response) => response.status)).toEqual([201, 201, 201, 429]);
    expect(whileDown[3].body).toMatchObject({ error: 'rate_limited', action: { type: 'wait' } });
    const png = await rasterImage('png', 16, 12);
    for (let i = 0; i < 2; i++) {
      const response = await upload(service.baseUrl, png, 'tiny.png');
      expect(response.status).toBe(201);
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    }
    // Neither waits on a reconnect.
    expect(Date.now() - started).toBeLessThan(10_000);

    await stack.restartRedis();
    // Uploads carry limit headers again once Redis answers (key creation has them either way).
    let back = false;
    for (let attempt = 0; attempt < 100 && !back; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      back = (await upload(service.baseUrl, png, 'tiny.png').set('X-Forwarded-For', `198.51.100.${attempt + 1}`)).headers['x-ratelimit-limit'] !== undefined;
    }
    expect(back).toBe(true);
    // The restarted Redis is empty: counting starts again there, and the limit holds.
    const ip = '203.0.113.200';
    expect((await createKey(service.baseUrl, uniqueEmail(), ip)).headers['x-ratelimit-remaining']).toBe('2');
    expect((await createKey(service.baseUrl, uniqueEmail(), ip)).headers['x-ratelimit-remaining']).toBe('1');
    expect((await createKey(service.baseUrl, uniqueEmail(), ip)).headers['x-ratelimit-remaining']).toBe('0');
    const refused = await createKey(service.baseUrl, uniqueEmail(), ip);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe(String(refused.body.action.seconds));
  });

  it('limits sign-in mail in memory while Redis is stopped, on the counters key creation shares, per canonical email and per IP', async () => {
    const signIn = (email: string, ip: string) => request(service.baseUrl).post('/sign-in').set('X-Forwarded-For', ip).type('form').send({ email });
    try {
      await stack.redis.stop();
      const base = `Signer${Date.now()}`;
      const email = `${base}@example.com`;
      const statuses = [
        (await createKey(service.baseUrl, email, '192.0.2.201')).status,
        (await signIn(`${base.toUpperCase()}+x@Example.com`, '192.0.2.202')).status,
        (await signIn(email, '192.0.2.203')).status,
      ];
      const refused = await signIn(`${base}+y@example.com`, '192.0.2.204');
      expect([...statuses, refused.status]).toEqual([201, 200, 200, 429]);
      expect(refused.headers['content-type']).toMatch(/^text\/html/);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);

      const ip = '192.0.2.210';
      const fromOneIp = [];
      for (let i = 0; i < KEYS_PER_IP + 2; i++) fromOneIp.push((await signIn(uniqueEmail(), ip)).status);
      expect(fromOneIp).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await stack.restartRedis();
    }
  });

  it('lets at most the limit of 30 key creations through on each gateway while Redis is stopped, per IP and per canonical email', async () => {
    const second: INestApplication = await createGatewayApp(service.config);
    await second.listen(0, '127.0.0.1');
    const secondUrl = `http://127.0.0.1:${(second.getHttpServer().address() as { port: number }).port}`;
    try {
      await stack.redis.stop();
      const ip = '192.0.2.77';
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => createKey(i % 2 ? secondUrl : service.baseUrl, uniqueEmail(), ip).then((response) => ({ gateway: i % 2, response }))),
      );
      for (const gateway of [0, 1]) {
        const mine = answers.filter((answer) => answer.gateway === gateway).map((answer) => answer.response);
        expect(mine.filter((response) => response.status === 201)).toHaveLength(KEYS_PER_IP);
        for (const refused of mine.filter((response) => response.status !== 201)) {
          expect([refused.status, refused.body.error]).toEqual([429, 'rate_limited']);
        }
      }

      // One mailbox under many spellings, each from its own IP: the email limit holds on each gateway.
      const base = `Owner${Date.now()}`;
      const spellings = Array.from({ length: 6 }, (_, i) => (i % 2 ? `${base}+tag${i}@Example.com` : `${base.toUpperCase()}+${i}@EXAMPLE.COM`));
      for (const [g, baseUrl] of [service.baseUrl, secondUrl].entries()) {
        const statuses = [];
        for (const [i, email] of spellings.entries()) statuses.push((await createKey(baseUrl, email, `192.0.2.${100 + g * 10 + i}`)).status);
        expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
      }
    } finally {
      await second.close();
      await stack.restartRedis();
    }
  });
});
