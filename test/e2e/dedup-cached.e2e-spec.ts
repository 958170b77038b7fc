import request from 'supertest';
import { createKey, pathOf, upload } from '../harness/api-client';
import { sleep } from '../harness/eventually';
import { accountOfKey, sql } from '../harness/sql';
import { storedObjectsOf } from '../harness/stored-objects';
import { startTestService, TestService } from '../harness/test-service';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

/** The production default: a cached delivery fact lives up to 5 s unless a write's announcement drops it. */
const CACHING = { GATEWAY_CACHE_MAX_AGE_MS: '5000' };
/** Heartbeats go every second; a gateway that heard none for 2 s reads the database instead of its cache. */
const SILENCE_MS = 2000;

/**
 * Dedup with the gateway's caches on: two media of one account share one stored object, and the delivery facts
 * cache holds an entry per media id. Deleting or hiding one must stop its own `src` at once, on the gateway
 * that made the change, and leave the other's serving the shared bytes; the object goes with the last media.
 */
describe('the same bytes stored once, served through the gateway caches', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ storage: 'fs', env: CACHING });
    // The gateway has heard a heartbeat: its caches are in use.
    await sleep(SILENCE_MS);
  });
  afterAll(() => service?.stop());

  const get = (path: string) => request(service.baseUrl).get(path).buffer(true);
  const remove = (id: string, key: string) => request(service.baseUrl).delete(`/v1/media/${id}`).set('Authorization', `Bearer ${key}`);
  /** The bytes a `src` (or a path on the service) serves anonymously, or the status when it serves none. */
  const served = async (srcOrPath: string) => {
    const answer = await get(srcOrPath.startsWith('/') ? srcOrPath : pathOf(srcOrPath));
    return answer.status === 200 ? (answer.body as Buffer) : answer.status;
  };
  /** The small WebP variant, rendered once for the stored object and served under each media's own src. */
  const variantOf = (media: { src: string }) => pathOf(media.src).replace(/\.jpg$/, '.webp?size=s');

  async function twoOfTheSameBytes() {
    const { key, keyId } = await createKey(service.baseUrl);
    const account = await accountOfKey(keyId);
    const bytes = await rasterImage('jpeg', 320, 240);
    const uploads = [await upload(service.baseUrl, bytes, 'first.jpg', key), await upload(service.baseUrl, bytes, 'second.jpg', key)];
    expect(uploads.map((answer) => answer.status)).toEqual([201, 201]);
    const [first, second] = uploads.map((answer) => answer.body);
    expect(await storedObjectsOf(account)).toEqual([{ id: first.id, refs: 2, pointing: 2, filesize: first.filesize }]);
    // Both src answers come from the cache from now on (checked below): the stored object's bytes.
    const original = await served(first.src);
    expect(Buffer.isBuffer(original)).toBe(true);
    expect(await served(second.src)).toEqual(original);
    return { key, account, first, second, original: original as Buffer };
  }

  it('serves from the cache: a change made behind its back (SQL, announced to no one) is not seen at once', async () => {
    const { second } = await twoOfTheSameBytes();
    await sql(`UPDATE media SET is_public = false WHERE id = $1`, [second.id]);
    try {
      expect(Buffer.isBuffer(await served(second.src))).toBe(true);
    } finally {
      await sql(`UPDATE media SET is_public = true WHERE id = $1`, [second.id]);
    }
  });

  it('deleting the first stops its src and viewer at once; the second serves the shared bytes until it goes too, and the object with it', async () => {
    const { key, account, first, second, original } = await twoOfTheSameBytes();
    expect((await get(`/${second.id}`)).status).toBe(200);
    const variant = await served(variantOf(first));
    expect(Buffer.isBuffer(variant)).toBe(true);
    expect(await served(variantOf(second))).toEqual(variant);

    expect((await remove(first.id, key)).status).toBe(200);
    expect(await served(first.src)).toBe(404);
    expect(await served(variantOf(first))).toBe(404);
    expect((await get(`/${first.id}`)).status).toBe(404);
    expect(await served(second.src)).toEqual(original);
    expect(await served(variantOf(second))).toEqual(variant);
    const viewer = await get(`/${second.id}`);
    expect([viewer.status, viewer.text.includes(second.src)]).toEqual([200, true]);
    expect(await storedObjectsOf(account)).toEqual([{ id: first.id, refs: 1, pointing: 1, filesize: first.filesize }]);
    expect(await service.store.head(`originals/${first.id}.jpg`)).not.toBeNull();

    expect((await remove(second.id, key)).status).toBe(200);
    expect(await served(second.src)).toBe(404);
    expect(await served(variantOf(second))).toBe(404);
    expect((await get(`/${second.id}`)).status).toBe(404);
    expect(await storedObjectsOf(account)).toEqual([]);
    expect(await service.store.head(`originals/${first.id}.jpg`)).toBeNull();
    expect(await service.store.list(`variants/${first.id}/`)).toEqual([]);
  });

  it('making one private stops its anonymous src at once; the other, public, still serves the shared bytes', async () => {
    const { key, first, second, original } = await twoOfTheSameBytes();
    const patched = await request(service.baseUrl).patch(`/v1/media/${second.id}`).set('Authorization', `Bearer ${key}`).send({ public: false });
    expect([patched.status, patched.body.public]).toEqual([200, false]);
    expect(await served(second.src)).toBe(404);
    expect((await get(`/${second.id}`)).status).toBe(404);
    expect(await served(first.src)).toEqual(original);
    // Its owner still gets it, the same bytes.
    const own = await get(pathOf(second.src)).set('Authorization', `Bearer ${key}`);
    expect([own.status, (own.body as Buffer).equals(original)]).toEqual([200, true]);
  });

  it('facts cached before another gateway deleted both (its announcement not heard yet): src and variant answer 404, not an error', async () => {
    const { first, second } = await twoOfTheSameBytes();
    // What the other gateway committed and removed, done behind this one's back: it still holds both media's facts.
    await sql(`UPDATE media SET status = 'deleted', deleted_at = now() WHERE id IN ($1, $2)`, [first.id, second.id]);
    await sql(`UPDATE stored_objects SET refs = 0 WHERE id = $1`, [first.id]);
    await service.store.delete(`originals/${first.id}.jpg`);
    expect(await served(second.src)).toBe(404);
    expect(await served(variantOf(second))).toBe(404);
  });
});
