import request from 'supertest';
import { createKey, pollUntilReady, upload } from '../harness/api-client';
import { sampleValue } from '../harness/prometheus-text';
import { promtool } from '../harness/promtool';
import { startKeyedService, startTestService, TestService } from '../harness/test-service';
import { WorkerProcess } from '../harness/worker-process';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const scrape = async (baseUrl: string) => {
  const response = await request(baseUrl).get('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
  return response.text;
};

describe('Prometheus metrics of the gateway and of a worker process', () => {
  let service: TestService;
  let worker: WorkerProcess;
  let key: string;
  let image: Buffer;
  let waitingGatewayText: string;

  beforeAll(async () => {
    ({ service, key } = await startKeyedService({ workers: 0 }));
    image = await rasterImage('png', 40, 30);
  });

  afterAll(() => service.stop());

  it('the gateway reports a job waiting with no worker: queue depth, oldest waiting age, bytes uploaded', async () => {
    const accepted = await upload(service.baseUrl, image, 'waits.png', key).set('Prefer', 'respond-async');
    expect(accepted.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1200));

    waitingGatewayText = await scrape(service.baseUrl);
    expect(sampleValue(waitingGatewayText, 'imgpro_queue_jobs{queue="ingest",state="waiting"}')).toBe(1);
    expect(sampleValue(waitingGatewayText, 'imgpro_queue_oldest_waiting_age_seconds{queue="ingest"}')).toBeGreaterThanOrEqual(1);
    expect(sampleValue(waitingGatewayText, 'imgpro_queue_oldest_waiting_age_seconds{queue="import"}')).toBe(0);
    expect(sampleValue(waitingGatewayText, 'imgpro_uploaded_bytes_total')).toBe(image.length);
    expect(sampleValue(waitingGatewayText, 'imgpro_gateway_process_resident_memory_bytes')).toBeGreaterThan(0);

    worker = await service.startWorker({ WORKER_METRICS_PORT: '0' });
    const ready = await pollUntilReady(service.baseUrl, accepted.body.id, key, 10_000);
    if (ready.body.status !== undefined) throw new Error(`media ${accepted.body.id} did not become ready`);
  });

  it('a worker started with WORKER_METRICS_PORT=0 names its port in its ready log and serves /metrics there', async () => {
    expect(worker.metricsPort).toBeGreaterThan(0);
    expect(worker.output()).toMatch(new RegExp(`"metricsPort":${worker.metricsPort}\\b[^\\n]*"msg":"worker ready"`));
    const notFound = await request(`http://127.0.0.1:${worker.metricsPort}`).get('/other');
    expect(notFound.status).toBe(404);
    expect(notFound.body).toEqual({ error: 'not_found', message: 'Not found' });
  });

  it('the worker counts job outcomes and durations per queue and job name, and the bytes it stored', async () => {
    const stored = await upload(service.baseUrl, await rasterImage('jpeg', 50, 20), 'stored.jpg', key);
    expect(stored.status).toBe(201);
    const refused = await upload(service.baseUrl, Buffer.from('hello, I am not an image\n'.repeat(20)), 'text-as.jpg', key);
    expect(refused.body).toEqual({ error: 'upload_failed', message: 'Unsupported file type' });
    const first = await request(service.baseUrl).get(`/v1/media?limit=100`).set('Authorization', `Bearer ${key}`);
    const storedBytes = (first.body.data as { filesize: number }[]).reduce((sum, media) => sum + media.filesize, 0);

    const text = await scrape(`http://127.0.0.1:${worker.metricsPort}`);
    expect(sampleValue(text, 'imgpro_jobs_total{queue="ingest",name="ingest",outcome="completed"}')).toBe(2);
    expect(sampleValue(text, 'imgpro_jobs_total{queue="ingest",name="ingest",outcome="failed"}')).toBe(1);
    expect(sampleValue(text, 'imgpro_job_duration_seconds_count{queue="ingest",name="ingest"}')).toBe(3);
    expect(sampleValue(text, 'imgpro_job_duration_seconds_bucket{le="+Inf",queue="ingest",name="ingest"}')).toBe(3);
    expect(sampleValue(text, 'imgpro_stored_bytes_total{kind="original"}')).toBe(storedBytes);
    expect(sampleValue(text, 'imgpro_queue_jobs{queue="ingest",state="completed"}')).toBe(2);
    expect(sampleValue(text, 'imgpro_queue_jobs{queue="ingest",state="failed"}')).toBe(1);
    expect(sampleValue(text, 'imgpro_queue_oldest_waiting_age_seconds{queue="ingest"}')).toBe(0);
    expect(sampleValue(text, 'imgpro_worker_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sampleValue(text, 'imgpro_jobs_stalled_total{queue="ingest"}')).toBe(0);

    const gatewayText = await scrape(service.baseUrl);
    expect(sampleValue(gatewayText, 'imgpro_uploaded_bytes_total')).toBeGreaterThan(image.length);
  });

  it('both outputs pass `promtool check metrics`', async () => {
    const gateway = await scrape(service.baseUrl);
    const workerText = await scrape(`http://127.0.0.1:${worker.metricsPort}`);
    for (const text of [waitingGatewayText, gateway, workerText]) {
      expect(await promtool(['check', 'metrics'], text)).toEqual({ code: 0, output: '' });
    }
  });
});

describe('a worker that finds a job stalled (its worker was killed)', () => {
  it('counts it in imgpro_jobs_stalled_total and then the completed attempt', async () => {
    const service = await startTestService({ workers: 0 });
    try {
      const quickRecovery = { LOCK_DURATION_MS: '2000', STALLED_INTERVAL_MS: '500' };
      const doomed = await service.startWorker(quickRecovery);
      const key = (await createKey(service.baseUrl)).key;
      // Large enough that the worker is still busy with it when it is killed.
      const response = upload(service.baseUrl, await rasterImage('jpeg', 6000, 4000), 'interrupted.jpg', key).then((r) => r);
      // The ingest job, not the maintenance sweep every worker starts with.
      const ingestStarted = /"queue":"ingest"[^\n]*"msg":"job started"/;
      for (let i = 0; i < 1500 && !ingestStarted.test(doomed.output()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(doomed.output()).toMatch(ingestStarted);
      doomed.process.kill('SIGKILL');
      const rescuer = await service.startWorker({ ...quickRecovery, WORKER_METRICS_PORT: '0' });

      expect((await response).status).toBe(201);
      const text = await scrape(`http://127.0.0.1:${rescuer.metricsPort}`);
      expect(sampleValue(text, 'imgpro_jobs_stalled_total{queue="ingest"}')).toBe(1);
      expect(sampleValue(text, 'imgpro_jobs_total{queue="ingest",name="ingest",outcome="completed"}')).toBe(1);
    } finally {
      await service.stop();
    }
  });
});
