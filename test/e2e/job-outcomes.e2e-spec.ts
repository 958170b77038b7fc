import request from 'supertest';
import type { Redis } from 'ioredis';
import { encodeAddressedOutcome, INGEST_QUEUE } from '@app/jobs';
import { createRedisClient } from '@app/redis';
import { JobOutcomeWaiter } from '../../apps/gateway/src/media/job-outcome-waiter.service';
import { eventually, sleep } from '../harness/eventually';
import { startKeyedService, TestService } from '../harness/test-service';
import { pathOf, pollUntilReady, upload } from '../harness/api-client';
import { mediaRows } from '../harness/media-rows';
import { slowStateChecks } from '../harness/state-checks';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const SLOW_CHECK_MS = 30_000;

describe("a waiting request hears its job's outcome from the worker, not from the state check", () => {
  let service: TestService;
  let key: string;
  beforeAll(async () => {
    ({ service, key } = await startKeyedService({ workers: 1, storage: 'fs' }));
    slowStateChecks(service, SLOW_CHECK_MS);
  });
  afterAll(() => service.stop());

  it('a completed upload answers 201 well within a state check', async () => {
    const started = Date.now();
    const response = await upload(service.baseUrl, await rasterImage('png', 24, 12), 'heard.png', key);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ name: 'heard.png', width: 24, height: 12 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a failed upload answers its documented error well within a state check', async () => {
    const started = Date.now();
    const response = await upload(service.baseUrl, Buffer.from('hello, I am not an image\n'.repeat(20)), 'text-as.jpg', key);
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: 'upload_failed', message: 'Unsupported file type' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('ten requests waiting on one variant render all answer with it, well within a state check', async () => {
    const uploaded = await upload(service.baseUrl, await rasterImage('jpeg', 800, 600), 'shared.jpg', key);
    expect(uploaded.status).toBe(201);
    const started = Date.now();
    const variant = pathOf(uploaded.body.src).replace(/\.[a-z]+$/, '.webp') + '?size=s';
    const responses = await Promise.all(Array.from({ length: 10 }, () => request(service.baseUrl).get(variant).buffer(true)));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    for (const response of responses) expect(Buffer.compare(response.body, responses[0].body)).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("a gateway hears its uploads' outcomes in one inbox, subscribed once", () => {
  const SLOWER_CHECK_MS = 60_000;
  let service: TestService;
  let key: string;
  let redis: Redis;
  let waiter: JobOutcomeWaiter;
  const outcomeChannels = async () =>
    ((await redis.pubsub('CHANNELS', `${service.config.queuePrefix}:*`)) as string[]).filter((channel) => channel.includes(':outcome'));
  beforeAll(async () => {
    ({ service, key } = await startKeyedService({ workers: 0, storage: 'fs', env: { JOB_WAIT_TIMEOUT_MS: String(2 * SLOWER_CHECK_MS) } }));
    slowStateChecks(service, SLOWER_CHECK_MS);
    redis = createRedisClient(service.config.redisUrl) as Redis;
    waiter = service.app.get(JobOutcomeWaiter);
    await eventually(() => waiter.inbox() !== undefined, 10_000, 'inbox not subscribed');
  });
  afterAll(async () => {
    redis.disconnect();
    await service.stop();
  });

  it('a waiting upload subscribes no channel of its own, and its 201 comes from the inbox once a worker runs the job', async () => {
    const inbox = waiter.inbox()!.channel;
    const waiting = upload(service.baseUrl, await rasterImage('png', 16, 8), 'inbox.png', key).then((response) => response);
    await eventually(async () => (await mediaRows('name = $1', ['inbox.png'])).length === 1, 10_000, 'upload not received');
    await sleep(300); // queued by now: the request waits
    expect(await outcomeChannels()).toEqual([inbox]);

    await service.startWorker();
    const workerUp = Date.now();
    const response = await waiting;
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ name: 'inbox.png', width: 16, height: 8 });
    expect(Date.now() - workerUp).toBeLessThan(SLOWER_CHECK_MS / 2);
  }, 3 * SLOWER_CHECK_MS);

  it('an outcome that arrives before its wait registers is handed to the wait, not lost', async () => {
    const ticket = waiter.inbox()!;
    const result = { media: { name: 'early.png' } };
    await redis.publish(ticket.channel, encodeAddressedOutcome({ queue: INGEST_QUEUE, jobId: 'earlyjob1', outcome: { result } }));
    await sleep(300);
    const started = Date.now();
    const outcome = await Promise.race([waiter.waitFor(INGEST_QUEUE, 'earlyjob1', 'upload_failed', ticket), sleep(10_000).then(() => 'lost')]);
    expect(outcome).toEqual({ finished: true, result });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('after its subscriber connection dropped, the inbox is subscribed again and uploads hear their outcomes from it', async () => {
    const before = waiter.inbox()!;
    (waiter['subscriptions'] as unknown as { client: { stream: { destroy(): void } } }).client.stream.destroy();
    await eventually(() => (waiter.inbox()?.generation ?? 0) > before.generation, 15_000, 'inbox not subscribed again');
    expect(await outcomeChannels()).toEqual([before.channel]);
    const started = Date.now();
    const response = await upload(service.baseUrl, await rasterImage('png', 12, 6), 'again.png', key);
    expect(response.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(SLOWER_CHECK_MS / 2);
  }, 3 * SLOWER_CHECK_MS);
});

describe('a request whose job outcome message never arrives', () => {
  let service: TestService;
  let key: string;
  beforeAll(async () => {
    ({ service, key } = await startKeyedService({ workers: 1 }));
  });
  afterAll(() => service.stop());

  it('still gets its 201 within about a second, from the state check', async () => {
    // Closing the gateway's subscriber connection makes every outcome message a missed one.
    await service.app.get(JobOutcomeWaiter)['subscriptions']!.close();
    const started = Date.now();
    const response = await upload(service.baseUrl, await rasterImage('png', 20, 10), 'missed.png', key);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ name: 'missed.png', width: 20, height: 10 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('a job that outlives the gateway wait', () => {
  let service: TestService;
  let key: string;
  beforeAll(async () => {
    ({ service, key } = await startKeyedService({ workers: 0, env: { JOB_WAIT_TIMEOUT_MS: '1500' } }));
  });
  afterAll(() => service.stop());

  it('answers 202 processing with the id the media is then published under', async () => {
    const png = await rasterImage('png', 30, 20);
    const started = Date.now();
    const accepted = await upload(service.baseUrl, png, 'late.png', key);
    expect(accepted.status).toBe(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(accepted.body).toMatchObject({ id: expect.stringMatching(/^[a-z0-9]{8}$/), status: 'processing', name: 'late.png' });
    const id = accepted.body.id as string;
    expect(await mediaRows('id = $1', [id])).toEqual([expect.objectContaining({ status: 'processing' })]);

    await service.startWorker();
    const ready = await pollUntilReady(service.baseUrl, id, key);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ id, name: 'late.png', width: 30, height: 20, format: 'png' });
    const served = await request(service.baseUrl).get(pathOf(ready.body.src)).buffer(true);
    expect(served.status).toBe(200);
    expect(Buffer.compare(served.body, png)).toBe(0);
    expect(await mediaRows('name = $1', ['late.png'])).toEqual([expect.objectContaining({ id, status: 'ready' })]);
  });
});
