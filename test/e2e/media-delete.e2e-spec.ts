import request from 'supertest';
import { eventually } from '../harness/eventually';
import { startTestService, TestService } from '../harness/test-service';
import { createKey, pathOf, upload } from '../harness/api-client';
import { accountOfKey, sql } from '../harness/sql';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

describe('DELETE /v1/media/{id}', () => {
  let service: TestService;
  let key: string;
  let account: string;

  const storageUsed = async () => Number((await sql<{ n: string }>('SELECT storage_used_bytes AS n FROM accounts WHERE id = $1', [account]))[0].n);
  const objectsOf = async (id: string) => (await service.store.list('')).map((object) => object.key).filter((k) => k.includes(id));
  const del = (id: string) => request(service.baseUrl).delete(`/v1/media/${id}`).set('Authorization', `Bearer ${key}`);
  const uploadOne = async () => {
    const response = await upload(service.baseUrl, await rasterImage('png'), 'd.png', key);
    expect(response.status).toBe(201);
    // A rendered variant, as delivery stores them: it must go with the media.
    await service.store.putFile(`variants/${response.body.id}/m.webp`, __filename, 'image/webp');
    return response.body as { id: string; src: string; filesize: number };
  };
  const invisible = async (media: { id: string; src: string }) => {
    const auth = { Authorization: `Bearer ${key}` };
    expect((await request(service.baseUrl).get(`/v1/media/${media.id}`).set(auth)).status).toBe(404);
    expect((await request(service.baseUrl).get(pathOf(media.src)).set(auth)).status).toBe(404);
    const listed = await request(service.baseUrl).get('/v1/media').query({ ids: media.id }).set(auth);
    expect(listed.body.data).toEqual([]);
  };

  beforeAll(async () => {
    // The sweep runs only when a test starts a worker with a short interval.
    service = await startTestService({ env: { STUCK_PROCESSING_MS: '1800000' } });
    const created = await createKey(service.baseUrl);
    key = created.key;
    account = await accountOfKey(created.keyId);
  });
  afterAll(() => service.stop());

  it('removes the original, every variant and the row, and frees the storage once', async () => {
    const media = await uploadOne();
    const before = await storageUsed();
    expect(before).toBeGreaterThanOrEqual(media.filesize);
    expect(await objectsOf(media.id)).toEqual(expect.arrayContaining([`originals/${media.id}.png`, `variants/${media.id}/m.webp`]));

    const response = await del(media.id);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ success: true, id: media.id });
    expect(await storageUsed()).toBe(before - media.filesize);
    expect(await objectsOf(media.id)).toEqual([]);
    expect(await sql('SELECT id FROM media WHERE id = $1', [media.id])).toEqual([]);
    await invisible(media);
    expect((await del(media.id)).status).toBe(404);
    expect(await storageUsed()).toBe(before - media.filesize);
  });

  it('with storage down answers delete_failed, the media already gone for readers; a retry finishes', async () => {
    const media = await uploadOne();
    const before = await storageUsed();
    await service.s3!.stop();
    let response;
    try {
      response = await del(media.id);
      expect(response.status).toBe(500);
      expect(response.body).toEqual({ error: 'delete_failed', message: 'Delete failed' });
      await invisible(media);
      expect(await storageUsed()).toBe(before - media.filesize);
      expect(await sql('SELECT status FROM media WHERE id = $1', [media.id])).toEqual([{ status: 'deleted' }]);
    } finally {
      await service.s3!.restart();
    }
    expect(await objectsOf(media.id)).not.toEqual([]);
    response = await del(media.id);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ success: true, id: media.id });
    expect(await objectsOf(media.id)).toEqual([]);
    expect(await sql('SELECT id FROM media WHERE id = $1', [media.id])).toEqual([]);
    expect(await storageUsed()).toBe(before - media.filesize);
  });

  it('an interrupted delete is finished by the sweep, and expired media free their storage too', async () => {
    const interrupted = await uploadOne();
    const expiring = await uploadOne();
    const before = await storageUsed();
    await service.s3!.stop();
    try {
      expect((await del(interrupted.id)).status).toBe(500);
    } finally {
      await service.s3!.restart();
    }
    await sql(`UPDATE media SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.id]);
    const sweeper = await service.startWorker({ SWEEP_INTERVAL_MS: '300' });
    try {
      await eventually(async () => (await sql('SELECT id FROM media WHERE id = ANY($1)', [[interrupted.id, expiring.id]])).length === 0, 20_000);
    } finally {
      await sweeper.stop();
      service.workers.splice(service.workers.indexOf(sweeper), 1);
    }
    expect(await objectsOf(interrupted.id)).toEqual([]);
    expect(await objectsOf(expiring.id)).toEqual([]);
    expect(await storageUsed()).toBe(before - interrupted.filesize - expiring.filesize);
  });

  it('cancels a media still processing: its job discards the result, nothing is counted or left', async () => {
    const before = await storageUsed();
    await Promise.all(service.workers.map((worker) => worker.stop()));
    service.workers.length = 0;
    const accepted = await upload(service.baseUrl, await rasterImage('png'), 'slow.png', key).set('Prefer', 'respond-async');
    expect(accepted.status).toBe(202);
    const id = accepted.body.id;
    expect((await del(id)).body).toEqual({ success: true, id });
    expect((await request(service.baseUrl).get(`/v1/media/${id}`).set('Authorization', `Bearer ${key}`)).status).toBe(404);

    await service.startWorker();
    await eventually(async () => (await objectsOf(id)).length === 0, 20_000);
    expect(await sql('SELECT status FROM media WHERE id = $1', [id])).toEqual([{ status: 'deleted' }]);
    expect(await storageUsed()).toBe(before);
    expect((await request(service.baseUrl).get(`/v1/media/${id}`).set('Authorization', `Bearer ${key}`)).status).toBe(404);
  });
});
