import { createKey, upload } from '../harness/api-client';
import { waitUntil } from '../harness/eventually';
import { GatewayOnDatabaseProxy, startGatewayOnDatabaseProxy } from '../harness/gateway-on-database-proxy';
import { mediaRows } from '../harness/media-rows';
import { accountOfKey, sql } from '../harness/sql';
import { startTcpProxy, TcpProxy } from '../harness/tcp-proxy';
import { startTestService, TestService } from '../harness/test-service';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

/** Well within the gateway's 30 s settle window, and nowhere near a sweep (an hour off). */
const SETTLED_WITHIN_MS = 10_000;

/**
 * A second gateway reaches the database through one TCP proxy and its queues' Redis through another. Redis
 * is cut, so the upload's job cannot be queued; the database goes too, at the statement that fails the row.
 * Once the database is back, the row ends failed and its upload is refunded, by the gateway, not the sweep.
 */
describe('an upload whose job cannot be queued while the database is also lost', () => {
  let service: TestService;
  let redis: TcpProxy;
  let faulty: GatewayOnDatabaseProxy;
  let png: Buffer;

  beforeAll(async () => {
    service = await startTestService({ storage: 'fs', env: { SWEEP_INTERVAL_MS: '3600000' } });
    const runRedis = new URL(service.config.redisUrl);
    redis = await startTcpProxy({ host: runRedis.hostname, port: Number(runRedis.port) });
    // Rate limits stay on the run's Redis: only the queues lose theirs.
    faulty = await startGatewayOnDatabaseProxy(service, { REDIS_URL: `redis://127.0.0.1:${redis.port}`, RATE_LIMIT_REDIS_URL: service.config.redisUrl });
    png = await rasterImage('png', 16, 16);
  });
  afterAll(async () => {
    await faulty?.stop();
    redis?.heal();
    await redis?.close();
    await service?.stop();
  });

  it('fails the row and refunds its upload once the database answers again', async () => {
    const { key, keyId } = await createKey(service.baseUrl);
    const accountId = await accountOfKey(keyId);

    redis.cutNow();
    faulty.database.proxy.cutWhenClientSends("SET status = 'failed'");
    const response = await upload(faulty.baseUrl, png, 'unqueued.png', key).timeout(30_000);
    expect([response.status, response.body.error, faulty.database.proxy.cut]).toEqual([500, 'upload_failed', true]);
    faulty.database.proxy.heal();

    const settled = async () => ({
      rows: await mediaRows('account_id = $1', [accountId]),
      used: (await sql<{ used: number }>('SELECT COALESCE(SUM(uploads_used), 0)::int AS used FROM usage_months WHERE account_id = $1', [accountId]))[0].used,
    });
    await waitUntil(async () => (await settled()).rows[0]?.status === 'failed', SETTLED_WITHIN_MS);
    expect(await settled()).toEqual({
      rows: [{ id: expect.any(String), status: 'failed', failure_code: 'upload_failed', failure_message: 'Upload failed' }],
      used: 0,
    });
  });
});
