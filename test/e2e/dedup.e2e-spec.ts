import request from 'supertest';
import { createHash } from 'crypto';
import { createKey, pathOf, pollUntilReady, upload } from '../harness/api-client';
import { accountOfKey, sql } from '../harness/sql';
import { startTestService, TestService } from '../harness/test-service';
import { dedupProblems, storedObjectsOf } from '../harness/stored-objects';
import { serveBytes, ImportSource, startImportSource } from '../harness/import-source-server';
import { rasterImage } from '../fixtures/images';
import { Queue, QueueEvents } from 'bullmq';
import { INGEST_QUEUE, redisConnectionOptions, VARIANT_JOB, VARIANT_QUEUE, variantJobId } from '@app/jobs';
import { variantKey } from '@app/storage';
import '../harness/contract/check-supertest';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A distinct JPEG per call (noise), so each test's bytes are its own. */
const photo = (width = 320, height = 240) => rasterImage('jpeg', width, height);

describe('the same bytes are stored once per account', () => {
  let service: TestService;
  let source: ImportSource;

  beforeAll(async () => {
    source = await startImportSource();
    service = await startTestService({ workers: 1, storage: 'fs', env: { IMPORT_ALLOWED_CIDRS: '127.0.0.0/8' } });
  });
  afterAll(async () => {
    await service?.stop();
    await source?.close();
  });

  async function owner() {
    const { key, keyId } = await createKey(service.baseUrl);
    const account = await accountOfKey(keyId);
    const usage = async () => (await request(service.baseUrl).get('/v1/usage').set('Authorization', `Bearer ${key}`)).body;
    return { key, account, usage };
  }
  const get = (path: string, key?: string) => {
    const req = request(service.baseUrl).get(path).buffer(true);
    return key ? req.set('Authorization', `Bearer ${key}`) : req;
  };
  const remove = (id: string, key: string) => request(service.baseUrl).delete(`/v1/media/${id}`).set('Authorization', `Bearer ${key}`);
  const originals = async () => (await service.store.list('originals/')).map((object) => object.key);

  it('a second upload is a media of its own on the first one\'s stored original: no new object, no storage, one more upload', async () => {
    const { key, account, usage } = await owner();
    const bytes = await photo();
    const first = await upload(service.baseUrl, bytes, 'first.jpg', key, { tags: 'one' });
    expect(first.status).toBe(201);
    const before = await usage();
    const stored = await originals();

    const second = await upload(service.baseUrl, bytes, 'second.jpg', key, { tags: 'two', ttl: '1h', public: 'false' });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ name: 'second.jpg', tags: ['two'], public: false, sha256: sha256(bytes), filesize: first.body.filesize });
    expect(second.body.id).not.toBe(first.body.id);
    // The placeholder comes from the first media's decode (the second made none).
    expect(first.body.thumbhash).toEqual(expect.any(String));
    expect(second.body).toMatchObject({ thumbhash: first.body.thumbhash, dominant_color: first.body.dominant_color });
    expect(second.body.expires_at).not.toBeNull();
    expect(first.body.expires_at).not.toBe(second.body.expires_at);

    expect(await originals()).toEqual(stored);
    expect(await service.store.head(`staging/${second.body.id}`)).toBeNull();
    const after = await usage();
    expect(after.storage_used_bytes).toBe(before.storage_used_bytes);
    expect(after.uploads_used).toBe(before.uploads_used + 1);
    expect(await storedObjectsOf(account)).toEqual([{ id: first.body.id, refs: 2, pointing: 2, filesize: first.body.filesize }]);

    const firstBytes = (await get(pathOf(first.body.src))).body as Buffer;
    expect(((await get(pathOf(second.body.src), key)).body as Buffer).equals(firstBytes)).toBe(true);
    // Private stays private: the shared bytes are not served to others under the second media's src.
    expect((await get(pathOf(second.body.src))).status).toBe(404);
    const listed = await get(`/v1/media?sha256=${sha256(bytes)}`, key);
    expect(listed.body.data.map((media: { id: string }) => media.id)).toEqual([second.body.id, first.body.id]);
    expect(await dedupProblems(service, { account, key }, [first.body.id, second.body.id], () => undefined)).toEqual([]);
  });

  it('the gateway settles a second upload itself: ready with no worker running, no job, media.ready in the outbox', async () => {
    const { key, account } = await owner();
    const hook = await request(service.baseUrl).post('/v1/webhooks').set('Authorization', `Bearer ${key}`).send({ url: 'http://127.0.0.1:9/hook' });
    expect(hook.status).toBe(201);
    const bytes = await photo();
    const first = (await upload(service.baseUrl, bytes, 'first.jpg', key)).body;
    const worker = service.workers.pop()!;
    await worker.stop();
    const queue = new Queue(INGEST_QUEUE, { connection: redisConnectionOptions(service.env.REDIS_URL), prefix: service.env.QUEUE_PREFIX });
    try {
      // Without a worker a job would outlast the wait and be answered 202.
      const second = await upload(service.baseUrl, bytes, 'second.jpg', key);
      expect(second.status).toBe(201);
      const { id, thumbhash, dominant_color, width, height, filesize, format } = first;
      expect(second.body).toMatchObject({ name: 'second.jpg', sha256: sha256(bytes), thumbhash, dominant_color, width, height, filesize, format });
      expect(second.body.id).not.toBe(id);
      expect((await get(`/v1/media/${second.body.id}`, key)).body).toEqual(second.body);
      expect(await queue.getJob(second.body.id)).toBeUndefined();
      expect(await service.store.head(`staging/${second.body.id}`)).toBeNull();
      expect(await sql('SELECT type FROM webhook_outbox WHERE media_id = $1', [second.body.id])).toEqual([{ type: 'media.ready' }]);
      expect(await storedObjectsOf(account)).toEqual([{ id, refs: 2, pointing: 2, filesize }]);

      // Prefer: respond-async keeps its answer (processing); the worker shares the bytes once it runs.
      const later = await request(service.baseUrl).post('/v1/upload').set('Authorization', `Bearer ${key}`).set('Prefer', 'respond-async').attach('file', bytes, 'third.jpg');
      expect(later.status).toBe(202);
      await service.startWorker();
      expect((await pollUntilReady(service.baseUrl, later.body.id, key)).body).toMatchObject({ sha256: sha256(bytes), filesize });
      expect(await storedObjectsOf(account)).toEqual([{ id, refs: 3, pointing: 3, filesize }]);
    } finally {
      await queue.close();
      if (!service.workers.length) await service.startWorker();
      await request(service.baseUrl).delete(`/v1/webhooks/${hook.body.id}`).set('Authorization', `Bearer ${key}`);
    }
  });

  it('variants are rendered once for both; they and the original go with the last media, not the first', async () => {
    const { key, account, usage } = await owner();
    const bytes = await photo();
    const first = (await upload(service.baseUrl, bytes, 'a.jpg', key)).body;
    const second = (await upload(service.baseUrl, bytes, 'b.jpg', key)).body;
    const variantOf = (media: { src: string }) => pathOf(media.src).replace(/\.jpg$/, '.webp?size=s');
    const rendered = await get(variantOf(first));
    expect(rendered.status).toBe(200);
    const servedToSecond = await get(variantOf(second));
    expect((servedToSecond.body as Buffer).equals(rendered.body as Buffer)).toBe(true);
    expect(await sql('SELECT object_id, key FROM media_variants WHERE object_id = $1', [first.id])).toEqual([
      { object_id: first.id, key: `variants/${first.id}/s.webp` },
    ]);
    const withVariant = await usage();
    expect(withVariant.variant_bytes).toBe((rendered.body as Buffer).length);

    expect((await remove(first.id, key)).status).toBe(200);
    expect((await get(pathOf(first.src))).status).toBe(404);
    expect((await get(pathOf(second.src))).status).toBe(200);
    expect((await get(variantOf(second))).status).toBe(200);
    expect(await usage()).toMatchObject({ storage_used_bytes: withVariant.storage_used_bytes, variant_bytes: withVariant.variant_bytes });
    expect(await service.store.list(`variants/${first.id}/`)).toHaveLength(1);

    expect((await remove(second.id, key)).status).toBe(200);
    expect(await usage()).toMatchObject({ storage_used_bytes: withVariant.storage_used_bytes - first.filesize, variant_bytes: 0 });
    expect(await service.store.list(`variants/${first.id}/`)).toEqual([]);
    expect((await originals()).filter((stored) => stored.includes(first.id))).toEqual([]);
    expect(await storedObjectsOf(account)).toEqual([]);
  });

  it('expiry of the first keeps the bytes for the second; an import of the same bytes shares them too', async () => {
    const { key, account } = await owner();
    const bytes = await photo();
    const first = (await upload(service.baseUrl, bytes, 'a.jpg', key, { ttl: '5m' })).body;
    const url = source.route('/dedup/same.jpg', serveBytes(bytes, 'image/jpeg'));
    const imported = await request(service.baseUrl).post('/v1/import').set('Authorization', `Bearer ${key}`).send({ url });
    expect(imported.status).toBe(201);
    expect(imported.body.sha256).toBe(sha256(bytes));
    expect(await storedObjectsOf(account)).toEqual([{ id: first.id, refs: 2, pointing: 2, filesize: first.filesize }]);

    await sql(`UPDATE media SET expires_at = now() - interval '1 second' WHERE id = $1`, [first.id]);
    const { MediaLifecycle } = await import('@app/media');
    expect(await service.app.get(MediaLifecycle).expire(first.id, new Date())).toBe(true);
    expect((await get(pathOf(imported.body.src))).status).toBe(200);
    expect(await dedupProblems(service, { account, key }, [first.id, imported.body.id], () => undefined)).toEqual([]);
  });

  it('another account\'s upload of the same bytes shares nothing: its own object, its own storage, its own list', async () => {
    const a = await owner();
    const b = await owner();
    const bytes = await photo();
    const mine = (await upload(service.baseUrl, bytes, 'a.jpg', a.key)).body;
    const beforeB = await b.usage();
    const theirs = await upload(service.baseUrl, bytes, 'b.jpg', b.key);
    expect(theirs.status).toBe(201);
    expect(await storedObjectsOf(b.account)).toEqual([{ id: theirs.body.id, refs: 1, pointing: 1, filesize: theirs.body.filesize }]);
    expect((await b.usage()).storage_used_bytes).toBe(beforeB.storage_used_bytes + theirs.body.filesize);
    expect((await get(`/v1/media?sha256=${sha256(bytes)}`, b.key)).body.data.map((media: { id: string }) => media.id)).toEqual([theirs.body.id]);
    // Deleting one account's media never touches the other's bytes.
    expect((await remove(mine.id, a.key)).status).toBe(200);
    expect((await get(pathOf(theirs.body.src))).status).toBe(200);
    expect(await dedupProblems(service, b, [theirs.body.id], () => undefined)).toEqual([]);
    expect(await dedupProblems(service, a, [mine.id], () => undefined)).toEqual([]);
  });

  it('a variant job queued before dedup (naming the media, not its object) still renders', async () => {
    const { key } = await owner();
    const media = (await upload(service.baseUrl, await photo(), 'old-job.jpg', key)).body;
    const queue = new Queue(VARIANT_QUEUE, { connection: redisConnectionOptions(service.env.REDIS_URL), prefix: service.env.QUEUE_PREFIX });
    const events = new QueueEvents(VARIANT_QUEUE, { connection: redisConnectionOptions(service.env.REDIS_URL), prefix: service.env.QUEUE_PREFIX });
    try {
      const job = await queue.add(VARIANT_JOB, { mediaId: media.id, size: 'm', format: 'png' } as never, { jobId: variantJobId(variantKey(media.id, 'm', 'png')) });
      expect(await job.waitUntilFinished(events, 20_000)).toMatchObject({ key: `variants/${media.id}/m.png` });
      expect((await get(pathOf(media.src).replace(/\.jpg$/, '.png?size=m'))).status).toBe(200);
    } finally {
      await events.close();
      await queue.close();
    }
  });

  it('an anonymous upload of the same bytes is stored on its own (anonymous media belong to no account)', async () => {
    const { key, account } = await owner();
    const bytes = await photo();
    const keyed = (await upload(service.baseUrl, bytes, 'a.jpg', key)).body;
    const anonymous = await upload(service.baseUrl, bytes, 'b.jpg');
    expect(anonymous.status).toBe(201);
    expect(await sql('SELECT object_id FROM media WHERE id = $1', [anonymous.body.id])).toEqual([{ object_id: anonymous.body.id }]);
    expect(await storedObjectsOf(account)).toEqual([{ id: keyed.id, refs: 1, pointing: 1, filesize: keyed.filesize }]);
  });
});
