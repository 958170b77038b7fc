import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import request from 'supertest';
import { INGEST_QUEUE } from '@app/jobs';
import { startTestService } from '../harness/test-service';
import { createKey, upload } from '../harness/api-client';
import { mediaRows } from '../harness/media-rows';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

describe('workers are separate processes that share the queue', () => {
  it('the gateway alone processes nothing: a job waits until a worker process starts', async () => {
    const service = await startTestService({ workers: 0 });
    try {
      const key = (await createKey(service.baseUrl)).key;
      const pending = request(service.baseUrl)
        .post('/v1/upload')
        .set('Authorization', `Bearer ${key}`)
        .set('Prefer', 'respond-async')
        .attach('file', await rasterImage('png'), 'waiting.png');
      const accepted = await pending;
      expect(accepted.status).toBe(202);
      expect(accepted.body.status).toBe('processing');

      const queue = service.app.get<Queue>(getQueueToken(INGEST_QUEUE));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await queue.getJobState(accepted.body.id)).toBe('waiting');
      expect(await mediaRows('id = $1', [accepted.body.id])).toEqual([
        { id: accepted.body.id, status: 'processing', failure_code: null, failure_message: null },
      ]);

      await service.startWorker();
      for (let i = 0; i < 100 && (await queue.getJobState(accepted.body.id)) !== 'completed'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const read = await request(service.baseUrl).get(`/v1/media/${accepted.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body.width).toBe(64);
    } finally {
      await service.stop();
    }
  });

  it('two worker processes share a burst of 50 uploads, none lost or done twice', async () => {
    const service = await startTestService({ workers: 0 });
    try {
      // Info-level worker logs name every job each process starts.
      await Promise.all([service.startWorker({ LOG_LEVEL: 'info' }), service.startWorker({ LOG_LEVEL: 'info' })]);
      const key = (await createKey(service.baseUrl)).key;
      const images = await Promise.all(Array.from({ length: 50 }, (_, i) => rasterImage('png', 16 + i, 16)));
      const responses = [];
      // Bounded client concurrency (10 in flight), as a real burst from a few clients.
      for (let i = 0; i < images.length; i += 10) {
        responses.push(...(await Promise.all(images.slice(i, i + 10).map((img, j) => upload(service.baseUrl, img, `burst-${i + j}.png`, key)))));
      }
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
      expect(responses.map((r) => r.body.width)).toEqual(images.map((_, i) => 16 + i));
      const ids = responses.map((r) => r.body.id);
      expect(new Set(ids).size).toBe(50);

      const rows = await mediaRows('id = ANY($1)', [ids]);
      expect(rows).toHaveLength(50);
      expect(rows.every((row) => row.status === 'ready')).toBe(true);

      const startedPerWorker = service.workers.map((worker) =>
        [...worker.output().matchAll(/"jobId":"([a-z0-9]{8})"[^\n]*"msg":"job started"/g)].map((m) => m[1]),
      );
      const started = startedPerWorker.flat();
      expect(started.sort()).toEqual([...ids].sort());
      expect(startedPerWorker.every((jobs) => jobs.length > 0)).toBe(true);
    } finally {
      await service.stop();
    }
  });
});

describe('a worker whose storage is down', () => {
  it('retries with backoff, then marks the upload failed and keeps nothing once storage is back', async () => {
    const service = await startTestService({ workers: 0 });
    try {
      const key = (await createKey(service.baseUrl)).key;
      const accepted = await request(service.baseUrl)
        .post('/v1/upload')
        .set('Authorization', `Bearer ${key}`)
        .set('Prefer', 'respond-async')
        .attach('file', await rasterImage('png'), 'storage-down.png');
      expect(accepted.status).toBe(202);
      const id = accepted.body.id;

      await service.s3!.stop();
      await service.startWorker();
      const queue = service.app.get<Queue>(getQueueToken(INGEST_QUEUE));
      for (let i = 0; i < 150 && (await queue.getJobState(id)) !== 'failed'; i++) await new Promise((r) => setTimeout(r, 100));
      const job = await queue.getJob(id);
      expect(await job!.getState()).toBe('failed');
      expect(job!.attemptsMade).toBe(3);
      expect(await mediaRows('id = $1', [id])).toEqual([
        { id, status: 'failed', failure_code: 'upload_failed', failure_message: 'Upload failed' },
      ]);
      expect((await request(service.baseUrl).get(`/v1/media/${id}`)).status).toBe(404);

      await service.s3!.restart();
      expect(await service.store.head(`originals/${id}.png`)).toBeNull();
    } finally {
      await service.stop();
    }
  });
});

describe('a worker killed while it holds an upload job', () => {
  it('the waiting request still gets 201: stalled-job recovery hands the job to another worker', async () => {
    const service = await startTestService({ workers: 0 });
    try {
      // A lock that lapses 2 s after its worker dies, checked every 0.5 s (defaults: 120 s and 30 s).
      const quickRecovery = { LOCK_DURATION_MS: '2000', STALLED_INTERVAL_MS: '500' };
      const doomed = await service.startWorker(quickRecovery);
      const key = (await createKey(service.baseUrl)).key;
      // Large enough that the worker is still busy with it when it is killed.
      const image = await rasterImage('jpeg', 6000, 4000);
      const response = upload(service.baseUrl, image, 'interrupted.jpg', key).then((r) => r);

      let jobId: string | undefined;
      for (let i = 0; i < 300 && !jobId; i++) {
        jobId = /"jobId":"([a-z0-9]{8})"[^\n]*"msg":"job started"/.exec(doomed.output())?.[1];
        if (!jobId) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(jobId).toBeDefined();
      doomed.process.kill('SIGKILL');
      const rescuer = await service.startWorker(quickRecovery);

      const answered = await response;
      expect(answered.status).toBe(201);
      expect(answered.body).toMatchObject({ id: jobId, width: 6000, height: 4000 });
      expect(doomed.output()).not.toMatch(new RegExp(`"jobId":"${jobId}"[^\\n]*"msg":"job completed"`));
      expect(rescuer.output()).toMatch(new RegExp(`"jobId":"${jobId}"[^\\n]*"msg":"job started"`));
      expect(await mediaRows('id = $1', [jobId])).toEqual([{ id: jobId, status: 'ready', failure_code: null, failure_message: null }]);
      expect(await service.store.head(`originals/${jobId}.jpg`)).not.toBeNull();
    } finally {
      await service.stop();
    }
  }, 60_000);
});
