import request from 'supertest';
import { createKey, upload } from '../harness/api-client';
import { eventually, sleep } from '../harness/eventually';
import { PrivateRedisService, startServiceOnPrivateRedis } from '../harness/private-redis-service';
import { sql } from '../harness/sql';
import { startWebhookReceiver, WebhookReceiver } from '../harness/webhook-receiver';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

/**
 * Webhook delivery end to end (SPEC §9): real receivers on loopback, verifying every delivery with the
 * Standard Webhooks reference library. Receivers listen on 127.0.0.2, the only address IMPORT_ALLOWED_CIDRS
 * opens; 127.0.0.1 stays refused like any private address. Retries are 1 s apart (two of them) and an
 * attempt has 1.5 s.
 */
describe('webhook delivery', () => {
  let running: PrivateRedisService;
  let receiver: WebhookReceiver;
  let baseUrl: string;
  let owner: { key: string; keyId: string };

  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
  let paths = 0;
  /** A new endpoint of `key`'s account at a fresh receiver path answering as told. */
  const endpoint = async (key: string, behaviour: Parameters<WebhookReceiver['on']>[1] = { status: 204 }, url?: string) => {
    const path = `/hook-${paths++}`;
    receiver.on(path, behaviour);
    const response = await request(baseUrl).post('/v1/webhooks').set(auth(key)).send({ url: url ?? receiver.url(path) });
    expect(response.status).toBe(201);
    receiver.secret(path, response.body.secret);
    return { path, id: response.body.id as string };
  };
  const removeEndpoint = (key: string, id: string) => request(baseUrl).delete(`/v1/webhooks/${id}`).set(auth(key));
  const uploadOne = async (key: string) => {
    const response = await upload(baseUrl, await rasterImage('png'), 'w.png', key);
    expect(response.status).toBe(201);
    return response.body;
  };
  const deliveryLog = async (key: string, id: string) => (await request(baseUrl).get(`/v1/webhooks/${id}/deliveries`).set(auth(key))).body.data;
  const outboxOf = (endpointId: string) => sql('SELECT id FROM webhook_outbox WHERE endpoint_id = $1', [endpointId]);

  beforeAll(async () => {
    receiver = await startWebhookReceiver('127.0.0.2');
    running = await startServiceOnPrivateRedis({
      IMPORT_ALLOWED_CIDRS: '127.0.0.2/32',
      WEBHOOK_RETRY_DELAYS_S: '1,1',
      WEBHOOK_TIMEOUT_MS: '1500',
      WEBHOOK_RELAY_INTERVAL_MS: '500',
      // A killed worker's job is found stalled and handed out again within a few seconds.
      LOCK_DURATION_MS: '2000',
      STALLED_INTERVAL_MS: '1000',
    });
    baseUrl = running.service.baseUrl;
    owner = await createKey(baseUrl);
  });
  afterAll(async () => {
    await running?.stop();
    await receiver?.close();
  });

  it('delivers media.ready, media.deleted and media.failed, signed, with the media object the API answers', async () => {
    const hook = await endpoint(owner.key);
    const media = await uploadOne(owner.key);
    await eventually(async () => receiver.deliveries(hook.path).length === 1);
    const [ready] = receiver.deliveries(hook.path);
    expect(ready.verified).toBe(true);
    expect(ready.id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(Math.abs(ready.timestamp - Date.now() / 1000)).toBeLessThan(30);
    const shown = (await request(baseUrl).get(`/v1/media/${media.id}`).set(auth(owner.key))).body;
    expect(ready.body).toEqual({ type: 'media.ready', timestamp: expect.any(Number), data: { media: shown } });

    expect((await request(baseUrl).delete(`/v1/media/${media.id}`).set(auth(owner.key))).status).toBe(200);
    await eventually(async () => receiver.deliveries(hook.path).length === 2);
    const deleted = receiver.deliveries(hook.path)[1];
    expect(deleted.verified).toBe(true);
    expect(deleted.id).not.toBe(ready.id);
    expect(deleted.body).toEqual({ type: 'media.deleted', timestamp: expect.any(Number), data: { media: shown } });

    const broken = await upload(baseUrl, Buffer.from('not an image at all'), 'x.png', owner.key);
    expect(broken.status).toBe(500);
    await eventually(async () => receiver.deliveries(hook.path).length === 3);
    const failed = receiver.deliveries(hook.path)[2];
    expect(failed.verified).toBe(true);
    expect(failed.body).toEqual({
      type: 'media.failed',
      timestamp: expect.any(Number),
      data: { id: expect.stringMatching(/^[a-z0-9]{8}$/), error: { error: broken.body.error, message: broken.body.message } },
    });

    const log = await deliveryLog(owner.key, hook.id);
    expect(log).toEqual([failed, deleted, ready].map((delivery) => ({
      id: delivery.id, event: delivery.body.type, attempt: 1, status_code: 204, error: null, outcome: 'delivered', at: expect.any(Number),
    })));
    expect(await outboxOf(hook.id)).toEqual([]);
    await removeEndpoint(owner.key, hook.id);
  });

  it('retries a 500 with the same webhook-id on the schedule, then gives the event up', async () => {
    const hook = await endpoint(owner.key, { status: 500 });
    await uploadOne(owner.key);
    await eventually(async () => (await deliveryLog(owner.key, hook.id)).length === 3, 20_000);
    const attempts = receiver.deliveries(hook.path);
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((attempt) => attempt.id)).size).toBe(1);
    expect(attempts.every((attempt) => attempt.verified)).toBe(true);
    // WEBHOOK_RETRY_DELAYS_S=1,1: about a second between attempts.
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(900);
    expect(await deliveryLog(owner.key, hook.id)).toEqual([3, 2, 1].map((attempt) => ({
      id: attempts[0].id, event: 'media.ready', attempt, status_code: 500, error: 'Receiver answered 500', outcome: attempt === 3 ? 'failed' : 'retrying', at: expect.any(Number),
    })));
    expect(await outboxOf(hook.id)).toEqual([]);
    await sleep(1500);
    expect(receiver.deliveries(hook.path)).toHaveLength(3);
    await removeEndpoint(owner.key, hook.id);
  });

  it('cuts off a receiver that does not answer within WEBHOOK_TIMEOUT_MS, and retries it', async () => {
    const hook = await endpoint(owner.key, { hang: true });
    await uploadOne(owner.key);
    await eventually(async () => (await deliveryLog(owner.key, hook.id)).length >= 2, 20_000);
    const [second, first] = await deliveryLog(owner.key, hook.id);
    expect(first).toMatchObject({ attempt: 1, status_code: null, error: 'No answer within 1.5 s', outcome: 'retrying' });
    expect(second).toMatchObject({ attempt: 2, status_code: null, error: 'No answer within 1.5 s' });
    expect(new Set(receiver.deliveries(hook.path).map((attempt) => attempt.id)).size).toBe(1);
    await removeEndpoint(owner.key, hook.id);
  });

  it('never follows a redirect, even to an address it could reach', async () => {
    const trap = await endpoint(owner.key);
    await removeEndpoint(owner.key, trap.id);
    const hook = await endpoint(owner.key, { redirectTo: receiver.url(trap.path) });
    await uploadOne(owner.key);
    await eventually(async () => (await deliveryLog(owner.key, hook.id)).length >= 1);
    expect((await deliveryLog(owner.key, hook.id))[0]).toMatchObject({ status_code: 301, error: 'Receiver answered 301; redirects are not followed', outcome: 'retrying' });
    await sleep(1500);
    expect(receiver.deliveries(trap.path)).toEqual([]);
    await removeEndpoint(owner.key, hook.id);
  });

  it('refuses at connect time a host name that resolves to a private address (localhost → 127.0.0.1)', async () => {
    const local = await startWebhookReceiver('127.0.0.1');
    try {
      local.on('/hook', { status: 204 });
      const hook = await endpoint(owner.key, { status: 204 }, local.url('/hook').replace('127.0.0.1', 'localhost'));
      await uploadOne(owner.key);
      await eventually(async () => (await deliveryLog(owner.key, hook.id)).length >= 1);
      expect((await deliveryLog(owner.key, hook.id))[0]).toMatchObject({ status_code: null, error: 'URL resolves to a disallowed address', outcome: 'retrying' });
      expect(local.deliveries()).toEqual([]);
      await removeEndpoint(owner.key, hook.id);
    } finally {
      await local.close();
    }
  });

  it('reads at most 64 KB of an answer: a 100 MB body is cut off and the event delivered', async () => {
    const hook = await endpoint(owner.key, { hugeBody: 100 * 1024 * 1024 });
    await uploadOne(owner.key);
    await eventually(async () => (await deliveryLog(owner.key, hook.id)).length === 1 && receiver.hugeBytesWritten.length === 1);
    expect((await deliveryLog(owner.key, hook.id))[0]).toMatchObject({ attempt: 1, status_code: 200, error: null, outcome: 'delivered' });
    // What left the receiver before the worker hung up: socket buffers, far from the 100 MB it meant to send.
    expect(receiver.hugeBytesWritten[0]).toBeLessThan(16 * 1024 * 1024);
    await removeEndpoint(owner.key, hook.id);
  });

  it('disables an endpoint that answers 410 Gone: no further delivery is attempted', async () => {
    const hook = await endpoint(owner.key, { status: 410 });
    await uploadOne(owner.key);
    await eventually(async () => (await deliveryLog(owner.key, hook.id)).length === 1);
    expect((await deliveryLog(owner.key, hook.id))[0]).toMatchObject({ attempt: 1, status_code: 410, outcome: 'disabled' });
    const listed = (await request(baseUrl).get('/v1/webhooks').set(auth(owner.key))).body.data.find((item: { id: string }) => item.id === hook.id);
    expect(listed.disabled_at).toEqual(expect.any(Number));
    await uploadOne(owner.key);
    await sleep(1500);
    expect(receiver.deliveries(hook.path)).toHaveLength(1);
    expect(await outboxOf(hook.id)).toEqual([]);
    await removeEndpoint(owner.key, hook.id);
  });

  it('keeps the last 100 attempts of an endpoint, newest first', async () => {
    const hook = await endpoint(owner.key);
    await sql(
      `INSERT INTO webhook_deliveries (endpoint_id, message_id, type, attempt, status_code, error, outcome)
       SELECT $1, 'msg_old' || n, 'media.ready', 1, 500, 'Receiver answered 500', 'failed' FROM generate_series(1, 120) n`,
      [hook.id],
    );
    await uploadOne(owner.key);
    await eventually(async () => (await deliveryLog(owner.key, hook.id))[0]?.outcome === 'delivered');
    const log = await deliveryLog(owner.key, hook.id);
    expect(log).toHaveLength(100);
    expect(log[0]).toMatchObject({ id: receiver.deliveries(hook.path)[0].id, status_code: 204 });
    expect(log[99].id).toBe('msg_old22');
    expect((await sql('SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1', [hook.id]))[0]).toEqual({ n: 100 });
    await removeEndpoint(owner.key, hook.id);
  });

  it('delivers at least once, with the same webhook-id, when the worker is killed mid-delivery', async () => {
    const hook = await endpoint(owner.key, { hang: true });
    const media = await uploadOne(owner.key);
    await eventually(async () => receiver.deliveries(hook.path).length === 1);
    await running.service.workers[0].stop('SIGKILL');
    receiver.on(hook.path, { status: 204 });
    await running.service.startWorker();
    await eventually(async () => (await deliveryLog(owner.key, hook.id))[0]?.outcome === 'delivered', 30_000);
    const received = receiver.deliveries(hook.path);
    expect(received.length).toBeGreaterThanOrEqual(2);
    expect(new Set(received.map((delivery) => delivery.id)).size).toBe(1);
    expect(received.every((delivery) => delivery.verified && delivery.body.data.media.id === media.id)).toBe(true);
    expect(await outboxOf(hook.id)).toEqual([]);
    await removeEndpoint(owner.key, hook.id);
  });

  it('loses no event when Redis restarts empty: the relay queues the pending ones again', async () => {
    const hook = await endpoint(owner.key, { status: 503 });
    const media = await uploadOne(owner.key);
    await eventually(async () => (await deliveryLog(owner.key, hook.id)).length === 1);
    // The retry waits in Redis; Redis goes and comes back with nothing.
    await running.redis.stop();
    receiver.on(hook.path, { status: 204 });
    await running.restartRedis();
    await eventually(async () => receiver.deliveries(hook.path).some((delivery) => delivery.body.data.media.id === media.id && delivery.verified) && (await outboxOf(hook.id)).length === 0, 30_000);
    const ids = new Set(receiver.deliveries(hook.path).map((delivery) => delivery.id));
    expect(ids.size).toBe(1);
    expect((await deliveryLog(owner.key, hook.id))[0]).toMatchObject({ status_code: 204, outcome: 'delivered' });
    await removeEndpoint(owner.key, hook.id);
  });
});
