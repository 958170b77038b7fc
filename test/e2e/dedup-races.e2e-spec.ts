import request from 'supertest';
import { createKey, pathOf, upload } from '../harness/api-client';
import { accountOfKey, sql } from '../harness/sql';
import { startTestService, TestService } from '../harness/test-service';
import { dedupProblems, storedObjectsOf } from '../harness/stored-objects';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

/** Each race runs this many times, with bytes of its own each time. */
const ROUNDS = 20;

/**
 * Races on media sharing stored bytes, on two worker processes (and, under DATABASE_URL, PostgreSQL's real
 * concurrency): nothing lost (every ready media's src serves its bytes) and nothing leaked (no stored object
 * without a media, storage counters equal to what the live objects hold).
 */
describe('dedup under races', () => {
  let service: TestService;
  let owner: { key: string; account: string };

  beforeAll(async () => {
    service = await startTestService({ workers: 2, storage: 'fs' });
  });
  // An account per race: each race's uploads stay within one month's upload quota.
  beforeEach(async () => {
    const { key, keyId } = await createKey(service.baseUrl);
    owner = { key, account: await accountOfKey(keyId) };
  });
  afterAll(() => service?.stop());

  const bytesServed = async (src: string): Promise<{ status: number; body: Buffer }> => {
    const response = await request(service.baseUrl).get(pathOf(src)).set('Authorization', `Bearer ${owner.key}`).buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    return { status: response.status, body: response.body as Buffer };
  };
  const uploaded = async (bytes: Buffer, name: string) => {
    const response = await upload(service.baseUrl, bytes, name, owner.key);
    expect(response.status).toBe(201);
    return response.body as { id: string; src: string; filesize: number };
  };
  const remove = (id: string) => request(service.baseUrl).delete(`/v1/media/${id}`).set('Authorization', `Bearer ${owner.key}`);
  const noProblems = async (ids: string[]) => expect(await dedupProblems(service, owner, ids, () => undefined)).toEqual([]);

  it(`two uploads of the same bytes at once: one stored object both serve (${ROUNDS} rounds)`, async () => {
    const ids: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const bytes = await rasterImage('png', 40, 30);
      const [a, b] = await Promise.all([uploaded(bytes, 'a.png'), uploaded(bytes, 'b.png')]);
      ids.push(a.id, b.id);
      const objects = (await storedObjectsOf(owner.account)).filter((object) => object.id === a.id || object.id === b.id);
      expect(objects).toEqual([{ id: expect.any(String), refs: 2, pointing: 2, filesize: a.filesize }]);
      const [servedA, servedB] = await Promise.all([bytesServed(a.src), bytesServed(b.src)]);
      expect([servedA.status, servedB.status]).toEqual([200, 200]);
      expect(servedA.body.equals(servedB.body)).toBe(true);
      const loser = objects[0].id === a.id ? b.id : a.id;
      expect(await service.store.head(`originals/${loser}.png`)).toBeNull();
    }
    await noProblems(ids);
  });

  it(`an upload of bytes whose last other media is being deleted at that moment (${ROUNDS} rounds)`, async () => {
    const ids: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const bytes = await rasterImage('png', 40, 30);
      const first = await uploaded(bytes, 'first.png');
      const original = (await bytesServed(first.src)).body;
      const [deleted, second] = await Promise.all([remove(first.id), uploaded(bytes, 'second.png')]);
      ids.push(first.id, second.id);
      expect(deleted.status).toBe(200);
      const served = await bytesServed(second.src);
      expect(served.status).toBe(200);
      expect(served.body.equals(original)).toBe(true);
      expect((await bytesServed(first.src)).status).toBe(404);
    }
    await noProblems(ids);
    // Every first media is gone, row and all, and no dead object is left waiting.
    expect(await sql(`SELECT id FROM media WHERE id = ANY($1) AND status <> 'ready'`, [ids])).toEqual([]);
  });

  it(`expiry of one while the other is read, original and a variant (${ROUNDS} rounds)`, async () => {
    const { MediaLifecycle } = await import('@app/media');
    const lifecycle = service.app.get(MediaLifecycle);
    const ids: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const bytes = await rasterImage('png', 40, 30);
      const expiring = await uploaded(bytes, 'expiring.png');
      const staying = await uploaded(bytes, 'staying.png');
      ids.push(expiring.id, staying.id);
      const original = (await bytesServed(staying.src)).body;
      await sql(`UPDATE media SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.id]);
      const variant = staying.src.replace(/\.png$/, '.webp?size=s');
      const reads = Array.from({ length: 6 }, (_, i) => bytesServed(i % 3 === 2 ? variant : staying.src));
      const [expired, ...served] = await Promise.all([lifecycle.expire(expiring.id, new Date()), ...reads]);
      expect(expired).toBe(true);
      expect(served.map((read) => read.status)).toEqual([200, 200, 200, 200, 200, 200]);
      for (const [i, read] of served.entries()) if (i % 3 !== 2) expect(read.body.equals(original)).toBe(true);
    }
    await noProblems(ids);
    // The variants rendered while the first expired stay with the object the second still points at, then go with it.
    for (const id of ids.filter((_, i) => i % 2 === 1)) expect((await remove(id)).status).toBe(200);
    await noProblems(ids);
    expect(await storedObjectsOf(owner.account)).toEqual([]);
  });
});
