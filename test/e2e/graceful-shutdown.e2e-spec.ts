import { createKey, upload } from '../harness/api-client';
import { freePort } from '../harness/free-port';
import { mediaRows } from '../harness/media-rows';
import { signalAndWait, waitForOutput } from '../harness/process-exit';
import { startRedis } from '../harness/redis-server';
import { startTcpProxy, TcpProxy } from '../harness/tcp-proxy';
import { startTestService, TestService } from '../harness/test-service';
import { startGatewayProcess } from '../harness/worker-process';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const SHUTDOWN_TIMEOUT_MS = 20_000;
const JOB_STARTED = /"jobId":"([a-z0-9]{8})"[^\n]*"msg":"job started"/;

/**
 * SIGTERM during work: a worker finishes its active job and exits 0; a gateway stops accepting, answers
 * the upload in flight and exits 0; neither hangs when Redis is away. The worker's storage is reached
 * through a slow proxy, so its job runs for a few seconds.
 */
describe('graceful shutdown on SIGTERM', () => {
  let service: TestService;
  let slowS3: TcpProxy;

  beforeAll(async () => {
    service = await startTestService({ workers: 0, env: { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) } });
    slowS3 = await startTcpProxy({ host: '127.0.0.1', port: service.s3!.port }, { latencyMs: 300 });
  });
  afterAll(async () => {
    await service?.stop();
    await slowS3?.close();
  });

  const startSlowWorker = () => service.startWorker({ S3_ENDPOINT: `http://127.0.0.1:${slowS3.port}` });

  it('a worker finishes the job it is running (the request gets 201) and exits 0 within the bound', async () => {
    const worker = await startSlowWorker();
    const { key } = await createKey(service.baseUrl);
    const pending = upload(service.baseUrl, await rasterImage('png', 320, 240), 'slow.png', key).then((r) => r);
    const [, jobId] = await waitForOutput(worker.output, JOB_STARTED, 20_000);

    const exit = await signalAndWait(worker.process, 'SIGTERM', SHUTDOWN_TIMEOUT_MS + 15_000);
    const response = await pending;

    expect(exit).toMatchObject({ code: 0, signal: null, killed: false });
    expect(exit.ms).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(worker.output()).toMatch(new RegExp(`"jobId":"${jobId}"[^\\n]*"msg":"job completed"`));
    expect(response.status).toBe(201);
    expect(response.body.id).toBe(jobId);
    expect(await mediaRows('id = $1', [jobId])).toEqual([expect.objectContaining({ status: 'ready' })]);
  });

  it('a gateway stops accepting, answers the upload in flight with its result and exits 0', async () => {
    const worker = await startSlowWorker();
    const port = await freePort();
    const gateway = await startGatewayProcess({ ...service.env, PORT: String(port) });
    const baseUrl = `http://127.0.0.1:${port}`;
    const { key } = await createKey(baseUrl);
    const pending = upload(baseUrl, await rasterImage('png', 320, 240), 'in-flight.png', key).then((r) => r);
    const [, jobId] = await waitForOutput(worker.output, JOB_STARTED, 20_000);

    const exiting = signalAndWait(gateway.process, 'SIGTERM', SHUTDOWN_TIMEOUT_MS + 15_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const refused = await fetch(`${baseUrl}/health`).then(
      (r) => r.status,
      () => 'refused',
    );
    const response = await pending;
    const exit = await exiting;

    expect(refused).toBe('refused');
    expect(response.status).toBe(201);
    expect(response.body.id).toBe(jobId);
    expect(exit).toMatchObject({ code: 0, signal: null, killed: false });
    await worker.stop();
  });

  it('neither a gateway nor a worker hangs in close while their Redis is away', async () => {
    const redis = await startRedis();
    const env = { ...service.env, REDIS_URL: redis.url, RATE_LIMIT_REDIS_URL: redis.url, SHUTDOWN_TIMEOUT_MS: '2000' };
    const worker = await service.startWorker(env);
    const port = await freePort();
    const gateway = await startGatewayProcess({ ...env, PORT: String(port) });
    await redis.stop();
    // Long enough for every client to be reconnecting.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const [gatewayExit, workerExit] = await Promise.all([
      signalAndWait(gateway.process, 'SIGTERM', 30_000),
      signalAndWait(worker.process, 'SIGTERM', 30_000),
    ]);
    if (gatewayExit.code !== 0) process.stderr.write(gateway.output().slice(-3000));
    expect(gatewayExit).toMatchObject({ code: 0, killed: false });
    expect(workerExit).toMatchObject({ code: 0, killed: false });
    expect(gatewayExit.ms).toBeLessThan(12_000);
    expect(workerExit.ms).toBeLessThan(12_000);
  });
});
