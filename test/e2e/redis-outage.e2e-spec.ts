import request from 'supertest';
import { ERROR_CATALOGUE } from '@app/errors';
import { createKey, upload } from '../harness/api-client';
import { PrivateRedisService, startServiceOnPrivateRedis } from '../harness/private-redis-service';
import type { TestService } from '../harness/test-service';
import { jsonLogRecords } from '../harness/log-records';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

/**
 * Redis stopped and started again under a running gateway and worker (a private Redis for this suite,
 * so other suites are unaffected): every request during the outage ends within its bounded wait with
 * 201 or a documented error, /health/ready says Redis is down, and uploads succeed again by themselves.
 */
describe('Redis restarting', () => {
  let stack: PrivateRedisService;
  let service: TestService;

  beforeAll(async () => {
    stack = await startServiceOnPrivateRedis({ JOB_WAIT_TIMEOUT_MS: '5000' });
    service = stack.service;
  });
  afterAll(() => stack?.stop());

  it('answers within the bound while Redis is down and recovers without a restart', async () => {
    const { key } = await createKey(service.baseUrl);
    const png = await rasterImage('png', 24, 16);
    expect((await upload(service.baseUrl, png, 'before.png', key)).status).toBe(201);

    const workerLogMark = service.workers[0].output().length;
    await stack.redis.stop();
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

    await stack.restartRedis();
    const back = Date.now();
    let status = 0;
    while (status !== 201 && Date.now() - back < 30_000) {
      status = (await upload(service.baseUrl, png, 'after.png', key)).status;
      if (status !== 201) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status).toBe(201);
    expect((await request(service.baseUrl).get('/health/ready')).status).toBe(200);
    // Redis away is an outage the worker rides out (a throttled warning), not an error per reconnect attempt.
    const workerErrors = jsonLogRecords(service.workers[0].output().slice(workerLogMark)).filter((record) => Number(record.level) >= 50);
    expect(workerErrors).toEqual([]);
  }, 90_000);
});
