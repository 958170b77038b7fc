import { promises as fs } from 'fs';
import * as path from 'path';
import request from 'supertest';
import { createKey, upload } from '../harness/api-client';
import { STATE_CHECK_INTERVAL_MS } from '../../apps/gateway/src/media/job-outcome-waiter.service';
import { startRedisCluster, TestRedisCluster } from '../harness/redis-cluster';
import { slowStateChecks } from '../harness/state-checks';
import { startTestService, TestService } from '../harness/test-service';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

/**
 * The whole service on a 3-node Redis Cluster (REDIS_CLUSTER_NODES): queues under a hash-tagged prefix,
 * the job outcome messages the gateway waits on, a worker process, the rate-limit counters and the mail queue.
 */
describe('on a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let service: TestService;

  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    service = await startTestService({
      workers: 1,
      storage: 'fs',
      env: { REDIS_CLUSTER_NODES: cluster.nodeList, RATE_LIMIT_PER_KEY: '3', RATE_LIMIT_PER_KEY_WINDOW_S: '60' },
    });
  }, 90_000);
  afterAll(async () => {
    await service?.stop();
    await cluster?.stop();
  });

  it('uses a hash-tagged queue prefix, so each queue keeps its keys in one slot', () => {
    expect(service.config.redisUrl).toBe(`redis+cluster://${cluster.nodeList}`);
    expect(service.config.queuePrefix).toMatch(/^\{test-[0-9a-f]{8}\}$/);
  });

  it("a waiting upload hears its job's outcome through the cluster, well within a (slowed) state check", async () => {
    slowStateChecks(service, 30_000);
    const { key } = await createKey(service.baseUrl);
    const started = Date.now();
    const response = await upload(service.baseUrl, await rasterImage('png', 16, 8), 'cluster-heard.png', key);
    expect(response.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(5_000);
    slowStateChecks(service, STATE_CHECK_INTERVAL_MS);
  });

  it('uploads (201 through the worker), counts a per-key rate limit (429), mails the verification link, reports ready', async () => {
    const { key, email } = await createKey(service.baseUrl);
    const png = await rasterImage('png', 40, 30);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await upload(service.baseUrl, png, `cluster-${i}.png`, key);
      statuses.push(response.status);
      if (response.status === 201) expect(response.body).toMatchObject({ width: 40, height: 30 });
      else expect(response.body).toMatchObject({ error: 'rate_limited' });
    }
    expect(statuses).toEqual([201, 201, 201, 429]);

    const outbox = path.join(service.config.dataDir, 'outbox');
    let mailed = false;
    for (let waited = 0; waited < 20_000 && !mailed; waited += 100) {
      const names = await fs.readdir(outbox).catch(() => [] as string[]);
      const texts = await Promise.all(names.map((name) => fs.readFile(path.join(outbox, name), 'utf8')));
      mailed = texts.some((text) => text.includes(email));
      if (!mailed) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(mailed).toBe(true);

    const ready = await request(service.baseUrl).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ redis: { status: 'up' } });
  });
});
