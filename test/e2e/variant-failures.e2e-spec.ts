import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import sharp from 'sharp';
import { Readable } from 'stream';
import { VARIANT_QUEUE } from '@app/jobs';
import { createRedisClient } from '@app/redis';
import { originalKey } from '@app/storage';
import { JobOutcomeWaiter } from '../../apps/gateway/src/media/job-outcome-waiter.service';
import { createKey, pathOf, upload } from '../harness/api-client';
import { waitUntil } from '../harness/eventually';
import { startTestService, TestService } from '../harness/test-service';
import { rendersOf } from '../harness/variant-renders';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

/** Far beyond the bound the tests hold the answer to: an answer that waited for it is obvious. */
const JOB_WAIT_TIMEOUT_MS = 45_000;
const ANSWERED_WITHIN_MS = 8_000;
const UNRENDERABLE = { error: 'internal_error', message: 'Image could not be rendered' };

describe('a variant whose render fails for good', () => {
  let service: TestService;
  let key: string;
  beforeAll(async () => {
    service = await startTestService({ workers: 1, env: { JOB_WAIT_TIMEOUT_MS: String(JOB_WAIT_TIMEOUT_MS) } });
    key = (await createKey(service.baseUrl)).key;
  });
  afterAll(() => service.stop());

  /** An uploaded JPEG whose stored original is then overwritten with bytes no decoder takes. */
  async function corruptedMedia(): Promise<{ id: string; variantPath: string; jobId: string; jpeg: Buffer }> {
    const jpeg = await rasterImage('jpeg', 300, 200);
    const uploaded = await upload(service.baseUrl, jpeg, 'broken.jpg', key);
    expect(uploaded.status).toBe(201);
    const { id, src } = uploaded.body as { id: string; src: string };
    await service.store.putStream(originalKey(id, 'jpg'), Readable.from([Buffer.from('not an image at all')]), 'image/jpeg');
    return { id, variantPath: pathOf(src).replace(/\.jpg$/, '.png') + '?size=s', jobId: `variants/${id}/s.png`, jpeg };
  }

  async function timedGet(path: string): Promise<{ response: request.Response; ms: number }> {
    const started = Date.now();
    const response = await request(service.baseUrl).get(path).buffer(true);
    return { response, ms: Date.now() - started };
  }

  it('answers 500 at once when the job failed before the request listened for its outcome', async () => {
    const { variantPath, jobId } = await corruptedMedia();
    const queue = service.app.get<Queue>(getQueueToken(VARIANT_QUEUE));
    const subscriptions = service.app.get(JobOutcomeWaiter)['subscriptions']!;
    const listen = subscriptions.listen.bind(subscriptions);
    // The waiter subscribes to the job's channel only once the job has ended: its outcome message is gone by then.
    subscriptions.listen = (channel, onOutcome) => {
      const late = waitUntil(async () => ['failed', 'unknown'].includes(await queue.getJobState(jobId)), 20_000).then(() => listen(channel, onOutcome));
      return { subscribed: late.then((listener) => listener.subscribed), stop: () => void late.then((listener) => listener.stop()) };
    };
    try {
      const { response, ms } = await timedGet(variantPath);
      expect([response.status, response.body]).toEqual([500, UNRENDERABLE]);
      expect(ms).toBeLessThan(ANSWERED_WITHIN_MS);
    } finally {
      delete (subscriptions as { listen?: unknown }).listen;
    }
  });

  it('is remembered: later requests answer the same error at once and start no job, even once the original is whole again', async () => {
    const { id, variantPath, jobId, jpeg } = await corruptedMedia();
    const failed = await timedGet(variantPath);
    expect([failed.response.status, failed.response.body]).toEqual([500, UNRENDERABLE]);
    await service.store.putStream(originalKey(id, 'jpg'), Readable.from([jpeg]), 'image/jpeg');
    for (let i = 0; i < 5; i++) {
      const again = await timedGet(variantPath);
      expect([again.response.status, again.response.body]).toEqual([500, UNRENDERABLE]);
      expect(again.ms).toBeLessThan(ANSWERED_WITHIN_MS);
    }
    expect(rendersOf(service, jobId)).toBe(1);
  });

  it('is forgotten after 10 minutes: the next request renders again', async () => {
    const { id, variantPath, jobId, jpeg } = await corruptedMedia();
    expect((await timedGet(variantPath)).response.status).toBe(500);
    await service.store.putStream(originalKey(id, 'jpg'), Readable.from([jpeg]), 'image/jpeg');
    // The failure ages in the queue itself, as it would on every gateway.
    const queue = service.app.get<Queue>(getQueueToken(VARIANT_QUEUE));
    const job = (await queue.getJob(jobId))!;
    const redis = createRedisClient(service.config.redisUrl);
    try {
      await redis.hset(queue.toKey(jobId), 'finishedOn', String(job.finishedOn! - 600_000));
    } finally {
      redis.disconnect();
    }
    const served = await timedGet(variantPath);
    expect(served.response.status).toBe(200);
    expect(await sharp(served.response.body).metadata()).toMatchObject({ format: 'png', width: 300, height: 200 });
    expect(rendersOf(service, jobId)).toBe(2);
  });

  it('is not a storage fault: a render that failed on storage is run again by the next request', async () => {
    const jpeg = await rasterImage('jpeg', 300, 200);
    const uploaded = await upload(service.baseUrl, jpeg, 'missing.jpg', key);
    const { id, src } = uploaded.body as { id: string; src: string };
    const variantPath = pathOf(src).replace(/\.jpg$/, '.webp') + '?size=s';
    await service.store.delete(originalKey(id, 'jpg'));
    const fault = await timedGet(variantPath);
    expect([fault.response.status, fault.response.body]).toEqual([500, { error: 'internal_error', message: 'Internal server error' }]);
    await service.store.putStream(originalKey(id, 'jpg'), Readable.from([jpeg]), 'image/jpeg');
    const served = await timedGet(variantPath);
    expect(served.response.status).toBe(200);
    expect(await sharp(served.response.body).metadata()).toMatchObject({ format: 'webp', width: 300, height: 200 });
  });

  // Last: it closes the in-process gateway's subscriber connection for good.
  it('answers 500 within about a second when its outcome message never arrives', async () => {
    const { variantPath } = await corruptedMedia();
    await service.app.get(JobOutcomeWaiter)['subscriptions']!.close();
    const { response, ms } = await timedGet(variantPath);
    expect([response.status, response.body]).toEqual([500, UNRENDERABLE]);
    expect(ms).toBeLessThan(ANSWERED_WITHIN_MS);
  });
});
