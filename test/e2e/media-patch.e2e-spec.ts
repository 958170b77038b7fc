import request from 'supertest';
import { startTestService, TestService } from '../harness/test-service';
import { createKey, upload } from '../harness/api-client';
import { accountOfKey, sql } from '../harness/sql';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

describe('PATCH /v1/media/{id} and batches', () => {
  let service: TestService;
  let owner: { key: string; account: string };
  let stranger: { key: string; account: string };

  const newUser = async () => {
    const created = await createKey(service.baseUrl);
    return { key: created.key, account: await accountOfKey(created.keyId) };
  };
  const uploaded = async (fields: Record<string, string> = {}, key = owner.key): Promise<string> => {
    const response = await upload(service.baseUrl, await rasterImage('png'), 'p.png', key, fields);
    expect(response.status).toBe(201);
    return response.body.id;
  };
  const patch = (id: string, body: unknown, key = owner.key) =>
    request(service.baseUrl).patch(`/v1/media/${id}`).set('Authorization', `Bearer ${key}`).send(body as object);

  beforeAll(async () => {
    service = await startTestService();
    owner = await newUser();
    stranger = await newUser();
  });
  afterAll(() => service.stop());

  it('changes name, tags (replace, add, remove), public, namespace, date and description', async () => {
    const id = await uploaded({ tags: 'a,b', namespace: 'ns-one', description: 'old' });
    let response = await patch(id, { name: 'New name', tags: 'C, d', public: false, namespace: 'ns-two', date: '2024-05-06', description: 'new' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id,
      name: 'New name',
      tags: ['c', 'd'],
      public: false,
      namespace: 'ns-two',
      date: '2024-05-06T00:00:00.000Z',
      description: 'new',
    });
    response = await patch(id, { tags: ['e', 'c'], tag_mode: 'add' });
    expect(response.body.tags).toEqual(['c', 'd', 'e']);
    response = await patch(id, { tags: 'c', tag_mode: 'remove', namespace: null, date: null, description: null });
    expect(response.body).toMatchObject({ tags: ['d', 'e'], namespace: null, date: null, description: null });
    const fetched = await request(service.baseUrl).get(`/v1/media/${id}`).set('Authorization', `Bearer ${owner.key}`);
    expect(fetched.body).toEqual(response.body);
  });

  it('refuses the whole patch, changing nothing, when a field is invalid or tags would exceed 10', async () => {
    const id = await uploaded({ tags: 'a,b,c,d,e,f,g,h' });
    let response = await patch(id, { name: 'kept?', tags: 'x,y,z', tag_mode: 'add' }).refusalBeyondDocument('11 tags only with the 8 already stored');
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ error: 'validation_error', message: 'Validation failed', errors: { tags: ['Must have at most 10 tags'] } });
    response = await patch(id, { name: '', public: 'maybe', namespace: 'NO', tag_mode: 'merge', ttl: '1s', date: 'yesterday' });
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors).sort()).toEqual(['date', 'name', 'namespace', 'public', 'tag_mode', 'ttl']);
    const [row] = await sql<{ name: string; tags: string[] }>('SELECT name, tags FROM media WHERE id = $1', [id]);
    expect(row).toEqual({ name: 'p.png', tags: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] });
    expect((await request(service.baseUrl).patch(`/v1/media/${id}`).set('Authorization', `Bearer ${owner.key}`).type('text').send('x')).body.errors).toEqual({
      body: ['Request must be application/json'],
    });
  });

  it('sets a ttl; only a verified account may make a media permanent', async () => {
    const id = await uploaded();
    const before = Math.floor(Date.now() / 1000);
    let response = await patch(id, { ttl: '1h' });
    expect(response.status).toBe(200);
    expect(response.body.expires_at).toBeGreaterThanOrEqual(before + 3600);
    expect(response.body.expires_at).toBeLessThanOrEqual(before + 3601 + 5);
    response = await patch(id, { ttl: null }).refusalBeyondDocument('the account is not verified');
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual({ ttl: ['Permanent storage requires a verified account'] });
    await sql('UPDATE accounts SET verified = true WHERE id = $1', [owner.account]);
    try {
      response = await patch(id, { ttl: null });
      expect(response.status).toBe(200);
      expect(response.body.expires_at).toBeNull();
    } finally {
      await sql('UPDATE accounts SET verified = false WHERE id = $1', [owner.account]);
    }
  });

  it('answers 403 for another account’s media, 404 for a private one, unknown or malformed id', async () => {
    const visible = await uploaded();
    const hidden = await uploaded({ public: 'false' });
    expect((await patch(visible, { name: 'x' }, stranger.key)).body).toEqual({ error: 'forbidden', message: 'Insufficient permissions' });
    expect((await patch(visible, { name: 'x' }, stranger.key)).status).toBe(403);
    for (const id of [hidden, 'zzzzzzzz', 'NOT-AN-ID']) {
      const response = await patch(id, { name: 'x' }, stranger.key);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: 'not_found', message: 'Media not found' });
    }
    expect((await request(service.baseUrl).get(`/v1/media/${hidden}`).set('Authorization', `Bearer ${stranger.key}`)).status).toBe(404);
    expect((await request(service.baseUrl).delete(`/v1/media/${visible}`).set('Authorization', `Bearer ${stranger.key}`)).status).toBe(403);
    expect((await request(service.baseUrl).delete(`/v1/media/${hidden}`).set('Authorization', `Bearer ${stranger.key}`)).status).toBe(404);
    const [row] = await sql<{ name: string; status: string }>('SELECT name, status FROM media WHERE id = $1', [visible]);
    expect(row).toEqual({ name: 'p.png', status: 'ready' });
  });

  it('needs a key with the write ability', async () => {
    const id = await uploaded();
    expect((await request(service.baseUrl).patch(`/v1/media/${id}`).send({ name: 'x' })).status).toBe(401);
    const readOnly = await createKey(service.baseUrl, (await sql<{ email: string }>('SELECT email FROM accounts WHERE id = $1', [owner.account]))[0].email);
    // A second key for the same email waits for the owner's approval; approve it as the owner would, read-only.
    await sql(`UPDATE api_keys SET abilities = '{read}', status = 'active' WHERE id = $1`, [readOnly.keyId]);
    expect((await patch(id, { name: 'x' }, readOnly.key)).body).toEqual({ error: 'forbidden', message: 'Insufficient permissions' });
    expect((await request(service.baseUrl).delete(`/v1/media/${id}`).set('Authorization', `Bearer ${readOnly.key}`)).status).toBe(403);
  });

  it('batches patch and delete item by item, itemising ids that are unknown or not the caller’s', async () => {
    const [a, b] = [await uploaded(), await uploaded()];
    const theirs = await uploaded({}, stranger.key);
    const ids = [a, theirs, 'zzzzzzzz', b, 'bad'].join(',');
    let response = await request(service.baseUrl)
      .patch(`/v1/media?ids=${ids}`)
      .set('Authorization', `Bearer ${owner.key}`)
      .send({ tags: 'batch', tag_mode: 'add' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      updated: 2,
      ids: [a, b],
      errors: [
        { id: theirs, error: 'forbidden', message: 'Insufficient permissions' },
        { id: 'zzzzzzzz', error: 'not_found', message: 'Media not found' },
        { id: 'bad', error: 'not_found', message: 'Media not found' },
      ],
    });
    const tagged = await sql<{ id: string }>(`SELECT id FROM media WHERE 'batch' = ANY(tags) ORDER BY id`);
    expect(tagged.map((row) => row.id)).toEqual([a, b].sort());

    response = await request(service.baseUrl).delete(`/v1/media?ids=${ids}`).set('Authorization', `Bearer ${owner.key}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ deleted: 2, ids: [a, b] });
    expect(response.body.errors.map((item: { id: string }) => item.id)).toEqual([theirs, 'zzzzzzzz', 'bad']);
    expect(await sql('SELECT id FROM media WHERE id = ANY($1)', [[a, b]])).toEqual([]);
    expect((await sql('SELECT id FROM media WHERE id = $1', [theirs])).length).toBe(1);
  });

  it('answers 422 for a batch without ids or with more than 100', async () => {
    const tooMany = Array.from({ length: 101 }, (_, i) => `id${String(i).padStart(6, '0')}`).join(',');
    for (const method of ['patch', 'delete'] as const) {
      let response = await request(service.baseUrl)[method](`/v1/media?ids=${tooMany}`).set('Authorization', `Bearer ${owner.key}`).send({});
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual({ ids: ['Must have at most 100 ids'] });
      response = await request(service.baseUrl)[method]('/v1/media').set('Authorization', `Bearer ${owner.key}`).send({});
      expect(response.body.errors).toEqual({ ids: ['Ids are required'] });
    }
  });
});
