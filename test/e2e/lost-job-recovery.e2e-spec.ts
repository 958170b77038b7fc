import { randomBytes, randomInt } from 'crypto';
import { once } from 'events';
import { Readable } from 'stream';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import request from 'supertest';
import { INGEST_JOB, INGEST_QUEUE } from '@app/jobs';
import { originalKey, stagingKey } from '@app/storage';
import { createKey, upload } from '../harness/api-client';
import { waitUntil } from '../harness/eventually';
import { mediaRows } from '../harness/media-rows';
import { PrivateRedisService, startServiceOnPrivateRedis } from '../harness/private-redis-service';
import { sql } from '../harness/sql';
import { stagingLeftovers } from '../harness/staging-leftovers';
import { startTestService, TestService } from '../harness/test-service';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

/**
 * Redis restarted without its data (no persistence) while an upload's job waits in the queue: the job,
 * and the sweep's schedule, are gone. The worker schedules the sweep again by itself and the sweep
 * queues the job again, so the upload answered 202 becomes ready without restarting anything.
 */
describe('jobs lost with Redis data', () => {
  let stack: PrivateRedisService;
  let service: TestService;

  beforeAll(async () => {
    stack = await startServiceOnPrivateRedis({ SWEEP_INTERVAL_MS: '500', LOST_JOB_GRACE_MS: '1000' });
    service = stack.service;
  });
  afterAll(() => stack?.stop());

  it('queues again the job of a processing upload that Redis lost, and the upload becomes ready', async () => {
    const { key } = await createKey(service.baseUrl);
    // Paused, so the job waits in Redis (the pause is lost with the data, as the job is).
    await service.app.get<Queue>(getQueueToken(INGEST_QUEUE)).pause();
    const accepted = await upload(service.baseUrl, await rasterImage('png', 24, 16), 'lost.png', key).set('Prefer', 'respond-async');
    expect(accepted.status).toBe(202);
    const id = String(accepted.body.id);

    stack.redis.process.kill('SIGKILL');
    await once(stack.redis.process, 'exit');
    await stack.restartRedis();

    const row = async () => (await mediaRows('id = $1', [id]))[0]?.status;
    expect(await waitUntil(async () => (await row()) !== 'processing', 20_000)).toBe(true);
    expect(await mediaRows('id = $1', [id])).toEqual([{ id, status: 'ready', failure_code: null, failure_message: null }]);
    const media = await request(service.baseUrl).get(`/v1/media/${id}`).set('Authorization', `Bearer ${key}`);
    expect([media.status, media.body.width, media.body.height]).toEqual([200, 24, 16]);
    expect(await waitUntil(async () => (await stagingLeftovers(service)).length === 0, 5000)).toBe(true);
  }, 60_000);

  it('a job queued again for media already ready (a lost job that did run) leaves the stored original alone', async () => {
    const { key } = await createKey(service.baseUrl);
    const png = await rasterImage('png', 24, 16);
    const stored = await upload(service.baseUrl, png, 'twice.png', key);
    expect(stored.status).toBe(201);
    const id = String(stored.body.id);
    const queue = service.app.get<Queue>(getQueueToken(INGEST_QUEUE));

    // As when the sweep re-queues a job whose first run, unknown to Redis, was still going on.
    await service.store.putStream(stagingKey(id), Readable.from(png));
    const again = await queue.add(INGEST_JOB, { mediaId: id }, { jobId: `${id}-again` });
    expect(await waitUntil(async () => ['completed', 'failed'].includes(await again.getState()), 20_000)).toBe(true);

    expect(await service.store.head(originalKey(id, 'png'))).not.toBeNull();
    expect((await request(service.baseUrl).get(new URL(String(stored.body.src)).pathname)).status).toBe(200);
    expect(await mediaRows('id = $1', [id])).toEqual([{ id, status: 'ready', failure_code: null, failure_message: null }]);
  });
});

/**
 * More rows still processing than the sweep reads at once (200): the lost jobs among the newest of them are
 * queued again all the same, the sweep pages through the backlog oldest first.
 */
describe('jobs lost behind a backlog longer than one page', () => {
  let service: TestService;
  // Letters: an all-digit media id is one BullMQ refuses as a job id (new ids never are; see below).
  const prefix = Array.from(randomBytes(3), (byte) => String.fromCharCode(97 + (byte % 26))).join('');
  // A row from before ids always held a letter: Redis refuses its job, which must not stop the sweep.
  const allDigits = String(randomInt(10_000_000, 100_000_000));
  const idOf = (n: number) => `${prefix}${String(n).padStart(5, '0')}`;

  beforeAll(async () => {
    // Rows count as lost after five minutes here, so other suites' fresh rows in the shared database are left alone.
    service = await startTestService({ workers: 1, storage: 'fs', env: { SWEEP_INTERVAL_MS: '500', LOST_JOB_GRACE_MS: '300000' } });
  });
  afterAll(async () => {
    await sql(`DELETE FROM media WHERE id LIKE $1 OR id = $2`, [`${prefix}%`, allDigits]);
    await service?.stop();
  });

  it('queues again the lost jobs of rows past the first page of stuck ones, and they become ready, past a row whose job Redis refuses', async () => {
    await sql(`INSERT INTO media (id, status, source, name, created_at) VALUES ($1, 'processing', 'upload', 'x', now() - interval '15 minutes')`, [allDigits]);
    await service.store.putStream(stagingKey(allDigits), Readable.from(await rasterImage('png', 8, 8)));
    // 250 older uploads whose staging object is gone: the recovery cannot queue them (the stuck sweep fails them later).
    await sql(
      `INSERT INTO media (id, status, source, name, created_at)
       SELECT $1 || lpad(n::text, 5, '0'), 'processing', 'upload', 'x', now() - interval '20 minutes' + n * interval '1 millisecond'
       FROM generate_series(1, 250) n`,
      [prefix],
    );
    // Three newer ones whose job Redis lost, with their staging object still there.
    const lost = [251, 252, 253].map(idOf);
    await sql(
      `INSERT INTO media (id, status, source, name, created_at)
       SELECT id, 'processing', 'upload', 'x', now() - interval '10 minutes' FROM unnest($1::text[]) id`,
      [lost],
    );
    const png = await rasterImage('png', 24, 16);
    for (const id of lost) await service.store.putStream(stagingKey(id), Readable.from(png));

    const ready = async () => (await mediaRows(`id = ANY($1) AND status = 'ready'`, [lost])).length === lost.length;
    expect(await waitUntil(ready, 30_000)).toBe(true);
    const backlog = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM media WHERE id LIKE $1 AND status = 'processing'`, [`${prefix}%`]);
    expect(backlog).toEqual([{ n: 250 }]);
  }, 60_000);
});
