import request from 'supertest';
import { createKey, pathOf, upload } from '../harness/api-client';
import { waitUntil } from '../harness/eventually';
import { DatabaseProxy, startDatabaseProxy } from '../harness/database-proxy';
import { freePort } from '../harness/free-port';
import { startTcpProxy, TcpProxy } from '../harness/tcp-proxy';
import { startTestService, TestService } from '../harness/test-service';
import { startGatewayProcess, WorkerProcess } from '../harness/worker-process';
import { jsonLogRecords } from '../harness/log-records';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const internalError = { error: 'internal_error', message: 'Internal server error' };

/**
 * A gateway process reaches the database and storage through TCP proxies that can cut them off, and logs
 * JSON at warn level: while a dependency is down each failed request logs one warning naming it and the
 * cause, never an "unexpected error" with a stack trace.
 */
describe('the log while a dependency is unreachable', () => {
  let service: TestService;
  let database: DatabaseProxy;
  let storage: TcpProxy;
  let redis: TcpProxy;
  let gateway: WorkerProcess;
  let gatewayUrl: string;

  beforeAll(async () => {
    service = await startTestService();
    database = await startDatabaseProxy();
    storage = await startTcpProxy({ host: '127.0.0.1', port: service.s3!.port });
    const runRedis = new URL(service.config.redisUrl);
    redis = await startTcpProxy({ host: runRedis.hostname, port: Number(runRedis.port) });
    const port = await freePort();
    gateway = await startGatewayProcess({
      ...service.env,
      PORT: String(port),
      DATABASE_URL: database.url,
      S3_ENDPOINT: `http://127.0.0.1:${storage.port}`,
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    });
    gatewayUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await gateway?.stop();
    await database?.proxy.close();
    await storage?.close();
    await redis?.close();
    await service?.stop();
  });

  /** The exception filter's log records written while `during` ran (at least `expected` of them, or what came within 5 s). */
  async function filterLogDuring(expected: number, during: () => Promise<void>): Promise<Record<string, unknown>[]> {
    const mark = gateway.output().length;
    await during();
    const records = () =>
      jsonLogRecords(gateway.output().slice(mark)).filter((record) => record.context === 'ApiExceptionFilter');
    // Each request is logged before its answer is sent, but the lines come through a pipe of their own.
    await waitUntil(() => records().length >= expected, 5000);
    return records();
  }

  function expectOneWarningPerRequest(fromFilter: Record<string, unknown>[], requests: number, cause: RegExp) {
    expect(fromFilter.map((record) => [record.level, record.msg, record.err])).toEqual(Array(requests).fill([40, expect.stringMatching(cause), undefined]));
  }

  it('logs one warning naming the database when it is unreachable', async () => {
    const { key } = await createKey(service.baseUrl);
    const usage = () => request(gatewayUrl).get('/v1/usage').set('Authorization', `Bearer ${key}`);
    expect((await usage()).status).toBe(200);
    const records = await filterLogDuring(4, async () => {
      database.proxy.cutNow();
      // Pooled connections find themselves cut (terminated, reset), new ones are refused: each request fails.
      for (let i = 0; i < 4; i++) {
        const failed = await usage();
        expect([failed.status, failed.body]).toEqual([500, internalError]);
      }
      database.proxy.heal();
    });
    expectOneWarningPerRequest(records, 4, /^database unreachable: (Connection terminated|read ECONNRESET|connect ECONNREFUSED)/);
  });

  it('logs one warning naming storage when it is unreachable', async () => {
    const { key } = await createKey(service.baseUrl);
    const uploaded = await upload(service.baseUrl, await rasterImage('png', 24, 16), 'stored.png', key);
    expect(uploaded.status).toBe(201);
    const records = await filterLogDuring(1, async () => {
      storage.cutNow();
      const served = await request(gatewayUrl).get(pathOf(uploaded.body.src));
      storage.heal();
      expect([served.status, served.body]).toEqual([500, internalError]);
    });
    expectOneWarningPerRequest(records, 1, /^storage unreachable: /);
  });

  it('logs Redis going away as throttled JSON warnings, never a raw stack trace per reconnect attempt', async () => {
    const { key } = await createKey(service.baseUrl);
    const mark = gateway.output().length;
    redis.cutNow();
    const during = await upload(gatewayUrl, await rasterImage('png', 24, 16), 'during.png', key);
    const records = () => jsonLogRecords(gateway.output().slice(mark));
    // The queues keep reconnecting while Redis is away: each failed attempt is an error event of theirs.
    await waitUntil(() => records().some((record) => record.msg === 'queue Redis unreachable'), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    redis.heal();

    expect([during.status, during.body.error]).toEqual([500, 'upload_failed']);
    expect(gateway.output().slice(mark).split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'))).toEqual([]);
    const queueWarnings = records().filter((record) => record.msg === 'queue Redis unreachable');
    expect(queueWarnings[0]).toMatchObject({ level: 40, context: 'Queues', reason: expect.any(String) });
    // One warning a minute, however many queues and reconnect attempts.
    expect(queueWarnings).toHaveLength(1);
    // The upload's own job could not be queued: said once, with why.
    const notQueued = records().filter((record) => record.msg === 'could not queue the media job (the media is failed)');
    expect(notQueued).toEqual([expect.objectContaining({ level: 40, context: 'MediaCreationService', mediaId: expect.stringMatching(/^[a-z0-9]{8}$/), reason: 'not queued within 5000 ms' })]);
  });

  it('logs a failed readiness check as a warning, not an error', async () => {
    const mark = gateway.output().length;
    storage.cutNow();
    const ready = await request(gatewayUrl).get('/health/ready');
    storage.heal();
    expect(ready.status).toBe(503);
    const records = () =>
      jsonLogRecords(gateway.output().slice(mark)).filter((record) => /Health Check has failed/.test(String(record.msg)));
    await waitUntil(() => records().length > 0, 5000);
    expect(records().map((record) => [record.level, record.context])).toEqual([[40, 'Health']]);
  });
});
