import request from 'supertest';
import { ERROR_CATALOGUE } from '@app/errors';
import { createKey, upload } from '../harness/api-client';
import { startRedis, TestRedis } from '../harness/redis-server';
import { startTestService, TestService } from '../harness/test-service';
import { rasterImage } from '../fixtures/images';

/**
 * Redis stopped and started again under a running gateway and worker (a private Redis for this suite,
 * so other suites are unaffected): every request during the outage ends within its bounded wait with
 * 201 or a documented error, /health/ready says Redis is down, and uploads succeed again by themselves.
 */
describe('Redis restarting', () => {
  let redis: TestRedis;
  let service: TestService;

  beforeAll(async () => {
    redis = await startRedis();
    service = await startTestService({
      workers: 1,
      storage: 'fs',
      env: { REDIS_URL: redis.url, RATE_LIMIT_REDIS_URL: redis.url, JOB_WAIT_TIMEOUT_MS: '5000' },
    });
  });
  afterAll(async () => {
    await service?.stop();
    await redis?.stop();
  });

  it('answers within the bound while Redis is down and recovers without a restart', async () => {
    const { key } = await createKey(service.baseUrl);
    const png = await rasterImage('png', 24, 16);
    expect((await upload(service.baseUrl, png, 'before.png', key)).status).toBe(201);

    await redis.stop();
    const started = Date.now();
    const during = await Promise.all([0, 1, 2].map((i) => upload(service.baseUrl, png, `during-${i}.png`, key)));
    for (const response of during) {
      if (response.status !== 201 && response.status !== 202) {
        expect(Object.keys(ERROR_CATALOGUE)).toContain(response.body.error);
        expect(response.status).toBe(ERROR_CATALOGUE[response.body.error as keyof typeof ERROR_CATALOGUE].status);
      }
    }
    expect(Date.now() - started).toBeLessThan(15_000);
    const health = await request(service.baseUrl).get('/health/ready');
    expect(health.status).toBe(503);
    expect(health.body.error ?? health.body.details).toMatchObject({ redis: { status: 'down' } });
    expect(Date.now() - started).toBeLessThan(20_000);

    redis = await startRedis(redis.port);
    const back = Date.now();
    let status = 0;
    while (status !== 201 && Date.now() - back < 30_000) {
      status = (await upload(service.baseUrl, png, 'after.png', key)).status;
      if (status !== 201) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status).toBe(201);
    expect((await request(service.baseUrl).get('/health/ready')).status).toBe(200);
  }, 90_000);
});
