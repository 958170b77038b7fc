import request from 'supertest';
import sharp from 'sharp';
import { freePort } from '../harness/free-port';
import { createKey, pathOf, pollUntilReady, upload } from '../harness/api-client';
import { runAdminCli } from '../harness/admin-cli';
import { sleep, waitUntil } from '../harness/eventually';
import { sql } from '../harness/sql';
import { startTcpProxy, TcpProxy } from '../harness/tcp-proxy';
import { startTestService, TestService } from '../harness/test-service';
import { startGatewayProcess, WorkerProcess } from '../harness/worker-process';
import '../harness/contract/check-supertest';

const CACHING = { GATEWAY_CACHE_MAX_AGE_MS: '5000' };
/** Heartbeats go every second; a gateway that heard none for 2 s reads the database. */
const SILENCE_MS = 2000;

/**
 * Two gateways with their caches on: A (this process) and B (its own process, reaching Redis through a TCP
 * proxy the test can black-hole or cut). Writes on one gateway (or the admin CLI) reach the other's cached
 * keys and delivery facts through the invalidation channel within a second; a gateway that cannot hear the
 * channel reads the database; and nothing cached lives past 5 s, announced or not.
 */
describe('cache invalidation across gateways', () => {
  let service: TestService;
  let redisProxy: TcpProxy;
  let gatewayB: WorkerProcess;
  let b: string;
  let photo: Buffer;

  beforeAll(async () => {
    service = await startTestService({ storage: 'fs', env: CACHING });
    const redis = new URL(process.env.TEST_REDIS_URL!);
    redisProxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port) });
    const port = await freePort();
    gatewayB = await startGatewayProcess({
      ...service.env,
      PORT: String(port),
      REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
      // Only B's queue and channel connections go through the proxy; its rate limiter keeps answering.
      RATE_LIMIT_REDIS_URL: process.env.TEST_REDIS_URL!,
    });
    b = `http://127.0.0.1:${port}`;
    photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } }).jpeg().toBuffer();
    // Both gateways have heard a heartbeat: their caches are in use.
    await sleep(SILENCE_MS);
  });
  afterAll(async () => {
    redisProxy?.heal();
    await gatewayB?.stop();
    await redisProxy?.close();
    await service?.stop();
  });

  const usage = (baseUrl: string, key: string) => request(baseUrl).get('/v1/usage').set('Authorization', `Bearer ${key}`);
  /** Polls until `check` holds; resolves with the milliseconds it took, or fails past `withinMs`. */
  const within = async (withinMs: number, check: () => Promise<boolean>) => {
    const started = Date.now();
    expect(await waitUntil(check, withinMs, 25)).toBe(true);
    return Date.now() - started;
  };
  const uploadedSrc = async (key: string) => {
    const uploaded = await upload(service.baseUrl, photo, 'photo.jpg', key);
    expect(uploaded.status).toBe(201);
    await pollUntilReady(service.baseUrl, uploaded.body.id, key);
    return { id: uploaded.body.id as string, src: pathOf(uploaded.body.src) };
  };

  it('a key revoked on A answers 401 on B within a second, and on A at once', async () => {
    const { key, keyId } = await createKey(service.baseUrl);
    expect((await usage(b, key)).status).toBe(200);
    expect((await usage(service.baseUrl, key)).status).toBe(200);
    expect((await request(service.baseUrl).delete(`/v1/keys/${keyId}`).set('Authorization', `Bearer ${key}`)).status).toBe(200);
    expect((await usage(service.baseUrl, key)).status).toBe(401);
    await within(1000, async () => (await usage(b, key)).status === 401);
  });

  it('a media made private on A answers 404 at B’s src within a second', async () => {
    const { key } = await createKey(service.baseUrl);
    const { id, src } = await uploadedSrc(key);
    expect((await request(b).get(src)).status).toBe(200);
    expect((await request(b).get(src)).status).toBe(200);
    const patched = await request(service.baseUrl).patch(`/v1/media/${id}`).set('Authorization', `Bearer ${key}`).send({ public: false });
    expect(patched.status).toBe(200);
    expect((await request(service.baseUrl).get(src)).status).toBe(404);
    await within(1000, async () => (await request(b).get(src)).status === 404);
    // The owner still sees it through B.
    expect((await request(b).get(src).set('Authorization', `Bearer ${key}`)).status).toBe(200);
  });

  it('a media deleted on A answers 404 at B’s src within a second', async () => {
    const { key } = await createKey(service.baseUrl);
    const { id, src } = await uploadedSrc(key);
    expect((await request(b).get(src)).status).toBe(200);
    expect((await request(service.baseUrl).delete(`/v1/media/${id}`).set('Authorization', `Bearer ${key}`)).status).toBe(200);
    await within(1000, async () => (await request(b).get(src)).status === 404);
  });

  it('a key revoked by the admin CLI answers 401 on both gateways within a second', async () => {
    const { key, keyId } = await createKey(service.baseUrl);
    expect((await usage(b, key)).status).toBe(200);
    expect((await usage(service.baseUrl, key)).status).toBe(200);
    const cli = await runAdminCli(['key', 'revoke', keyId], { DATABASE_URL: process.env.TEST_DATABASE_URL!, REDIS_URL: process.env.TEST_REDIS_URL!, QUEUE_PREFIX: service.env.QUEUE_PREFIX });
    expect([cli.code, cli.stderr]).toEqual([0, '']);
    await within(1000, async () => (await usage(b, key)).status === 401 && (await usage(service.baseUrl, key)).status === 401);
  });

  it('keeps a row no longer than 5 s when nothing is announced (a write straight to the database)', async () => {
    const { key, keyId } = await createKey(service.baseUrl);
    expect((await usage(b, key)).status).toBe(200);
    await sql('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [keyId]);
    // Cached, so still accepted for now: this is what the channel saves the database from...
    expect((await usage(b, key)).status).toBe(200);
    // ...and no entry outlives 5 s.
    await within(5500, async () => (await usage(b, key)).status === 401);
  });

  describe('with B’s subscriber black-holed', () => {
    afterEach(async () => {
      redisProxy.heal();
      // B hears heartbeats again before the next test relies on its caches.
      await sleep(SILENCE_MS);
    });

    it('B stops trusting its caches within 2 s and answers from the database: a revoked key is 401, a private media 404', async () => {
      const owner = await createKey(service.baseUrl);
      const other = await createKey(service.baseUrl);
      const { id, src } = await uploadedSrc(owner.key);
      expect((await usage(b, other.key)).status).toBe(200);
      expect((await request(b).get(src)).status).toBe(200);
      redisProxy.stall();
      await sleep(SILENCE_MS + 500);
      expect((await request(service.baseUrl).delete(`/v1/keys/${other.keyId}`).set('Authorization', `Bearer ${other.key}`)).status).toBe(200);
      const patched = await request(service.baseUrl).patch(`/v1/media/${id}`).set('Authorization', `Bearer ${owner.key}`).send({ public: false });
      expect(patched.status).toBe(200);
      expect((await usage(b, other.key)).status).toBe(401);
      expect((await request(b).get(src)).status).toBe(404);
    });

    it('a cut connection empties B’s caches at once', async () => {
      const { key, keyId } = await createKey(service.baseUrl);
      expect((await usage(b, key)).status).toBe(200);
      redisProxy.cutNow();
      await sleep(100);
      await sql('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [keyId]);
      expect((await usage(b, key)).status).toBe(401);
    });
  });
});
