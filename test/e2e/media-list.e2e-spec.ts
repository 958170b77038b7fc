import request from 'supertest';
import { randomBytes } from 'crypto';
import { startTestService, TestService } from '../harness/test-service';
import { createKey } from '../harness/api-client';
import { accountOfKey, sql } from '../harness/sql';
import '../harness/contract/check-supertest';

interface Seed {
  createdAt: string;
  tags?: string[];
  namespace?: string;
  status?: string;
  expiresAt?: string;
  sha256?: string;
}

const newId = () => randomBytes(6).toString('hex').replace(/[^a-z0-9]/g, '').slice(0, 8).padEnd(8, '0');

/** Ready rows straight in the database: the list reads rows only, and this controls created_at exactly. */
async function seed(accountId: string, rows: Seed[]): Promise<string[]> {
  const ids: string[] = [];
  for (const row of rows) {
    const id = newId();
    await sql(
      `INSERT INTO media (id, account_id, status, source, name, format, ext, content_type, width, height, filesize,
                          tags, namespace, expires_at, created_at, sha256)
       VALUES ($1, $2, $3, 'upload', $1 || '.png', 'png', 'png', 'image/png', 1, 1, 10, $4, $5, $6, $7, $8)`,
      [id, accountId, row.status ?? 'ready', row.tags ?? [], row.namespace ?? null, row.expiresAt ?? null, row.createdAt, row.sha256 ?? null],
    );
    ids.push(id);
  }
  return ids;
}

describe('GET /v1/media', () => {
  let service: TestService;
  let key: string;
  let account: string;
  let other: string;

  beforeAll(async () => {
    service = await startTestService({ workers: 0 });
    const created = await createKey(service.baseUrl);
    key = created.key;
    account = await accountOfKey(created.keyId);
    other = await accountOfKey((await createKey(service.baseUrl)).keyId);
  });
  afterAll(() => service.stop());

  const list = (query: Record<string, string | number> = {}, withKey = key) =>
    request(service.baseUrl).get('/v1/media').query(query).set('Authorization', `Bearer ${withKey}`);

  async function pageThrough(query: Record<string, string | number>, between?: (page: number) => Promise<void>): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const response = await list(cursor ? { ...query, cursor } : query);
      expect(response.status).toBe(200);
      seen.push(...response.body.data.map((media: { id: string }) => media.id));
      expect(response.body.pagination.has_more).toBe(response.body.pagination.next_cursor !== null);
      cursor = response.body.pagination.next_cursor;
      if (!cursor) return seen;
      await between?.(page);
    }
    throw new Error('did not reach the last page');
  }

  it('pages newest first with a keyset cursor that survives inserts and deletes between pages', async () => {
    // Three rows share one microsecond-precise created_at: the id breaks the tie, in a stable order.
    const same = '2031-01-01T00:00:00.123456Z';
    const ids = await seed(account, [
      { createdAt: '2031-01-01T00:00:05Z', tags: ['page'] },
      { createdAt: '2031-01-01T00:00:04Z', tags: ['page'] },
      { createdAt: same, tags: ['page'] },
      { createdAt: same, tags: ['page'] },
      { createdAt: same, tags: ['page'] },
      { createdAt: '2031-01-01T00:00:00.123455Z', tags: ['page'] },
      { createdAt: '2031-01-01T00:00:00Z', tags: ['page'] },
    ]);
    const tied = ids.slice(2, 5).sort().reverse();
    const expectedOrder = [ids[0], ids[1], ...tied, ids[5], ids[6]];
    expect(await pageThrough({ tags: 'page', limit: 2 })).toEqual(expectedOrder);

    let added: string[] = [];
    const seen = await pageThrough({ tags: 'page', limit: 2 }, async (page) => {
      if (page !== 0) return;
      // After the first page: a newer row (before the cursor: not shown), an older one (shown in its
      // place), a deleted row already seen and one not seen yet.
      added = await seed(account, [
        { createdAt: '2031-01-01T00:00:06Z', tags: ['page'] },
        { createdAt: '2030-12-31T00:00:00Z', tags: ['page'] },
      ]);
      await sql('DELETE FROM media WHERE id = ANY($1)', [[expectedOrder[0], expectedOrder[3]]]);
    });
    expect(seen).toEqual([expectedOrder[0], expectedOrder[1], expectedOrder[2], ...expectedOrder.slice(4), added[1]]);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('shows only the caller’s own ready, unexpired media', async () => {
    const [mine, processing, failed, expired, theirs] = [
      ...(await seed(account, [
        { createdAt: '2032-01-01T00:00:00Z', tags: ['own'] },
        { createdAt: '2032-01-01T00:00:01Z', tags: ['own'], status: 'processing' },
        { createdAt: '2032-01-01T00:00:02Z', tags: ['own'], status: 'failed' },
        { createdAt: '2032-01-01T00:00:03Z', tags: ['own'], expiresAt: '2000-01-01T00:00:00Z' },
      ])),
      ...(await seed(other, [{ createdAt: '2032-01-01T00:00:04Z', tags: ['own'] }])),
    ];
    const response = await list({ tags: 'own' });
    expect(response.body.data.map((media: { id: string }) => media.id)).toEqual([mine]);
    expect([processing, failed, expired, theirs]).not.toContain(response.body.data[0].id);
    expect(response.body.data[0]).toMatchObject({ id: mine, tags: ['own'], src: expect.stringContaining(`/${mine}.png`) });
    expect(response.body.pagination).toEqual({ next_cursor: null, has_more: false });
  });

  it('filters by tags (any or all), namespace and ids', async () => {
    const [red, redBlue, blue, spaced] = await seed(account, [
      { createdAt: '2033-01-01T00:00:04Z', tags: ['red', 'flt'] },
      { createdAt: '2033-01-01T00:00:03Z', tags: ['red', 'blue', 'flt'] },
      { createdAt: '2033-01-01T00:00:02Z', tags: ['blue', 'flt'] },
      { createdAt: '2033-01-01T00:00:01Z', tags: ['flt'], namespace: 'team-a' },
    ]);
    const ids = async (query: Record<string, string>) => (await list(query)).body.data.map((media: { id: string }) => media.id);
    expect(await ids({ tags: 'red,blue' })).toEqual(expect.arrayContaining([red, redBlue, blue]));
    expect(await ids({ tags: 'RED, blue', tag_mode: 'all' })).toEqual([redBlue]);
    expect(await ids({ tags: 'red', tag_mode: 'any' })).toEqual([red, redBlue]);
    expect(await ids({ namespace: 'team-a' })).toEqual([spaced]);
    expect(await ids({ ids: `${blue},${spaced}`, tags: 'flt' })).toEqual([blue, spaced]);
    expect(await ids({ ids: `${blue},${spaced}`, namespace: 'team-a' })).toEqual([spaced]);
  });

  it('filters by sha256 (the caller\'s own ready media only), combined with the other filters', async () => {
    const hash = randomBytes(32).toString('hex');
    const otherHash = randomBytes(32).toString('hex');
    const [tagged, plain] = await seed(account, [
      { createdAt: '2034-01-01T00:00:05Z', tags: ['sha'], sha256: hash },
      { createdAt: '2034-01-01T00:00:04Z', sha256: hash },
      { createdAt: '2034-01-01T00:00:03Z', sha256: otherHash },
      { createdAt: '2034-01-01T00:00:02Z', sha256: hash, status: 'processing' },
      { createdAt: '2034-01-01T00:00:01Z', sha256: hash, expiresAt: '2020-01-01T00:00:00Z' },
    ]);
    await seed(other, [{ createdAt: '2034-01-01T00:00:06Z', sha256: hash }]);
    const found = async (query: Record<string, string>) => {
      const response = await list(query);
      expect(response.status).toBe(200);
      return response.body.data.map((media: { id: string; sha256: string | null }) => [media.id, media.sha256]);
    };
    expect(await found({ sha256: hash })).toEqual([[tagged, hash], [plain, hash]]);
    expect(await found({ sha256: hash, tags: 'sha' })).toEqual([[tagged, hash]]);
    expect(await found({ sha256: hash, ids: plain })).toEqual([[plain, hash]]);
    expect(await found({ sha256: hash, limit: '1' })).toEqual([[tagged, hash]]);
    expect(await found({ sha256: hash, namespace: 'nowhere' })).toEqual([]);
    expect(await found({ sha256: randomBytes(32).toString('hex') })).toEqual([]);
    for (const bad of [hash.toUpperCase(), hash.slice(1), `${hash}0`, 'z'.repeat(64), `${hash.slice(0, 63)} `]) {
      const response = await list({ sha256: bad });
      expect(response.status).toBe(422);
      expect(response.body).toEqual({ error: 'validation_error', message: 'Validation failed', errors: { sha256: ['Must be 64 lowercase hexadecimal characters'] } });
    }
  });

  it('answers 422 per field for a malformed cursor, limit or filter', async () => {
    const response = await list({ limit: 101, cursor: 'not-a-cursor!', tag_mode: 'some', namespace: 'Bad_NS', ids: 'short' });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      error: 'validation_error',
      message: 'Validation failed',
      errors: {
        limit: ['Must be an integer between 1 and 100'],
        cursor: ['Invalid cursor'],
        tag_mode: ['Must be any or all'],
        namespace: ['Must be lowercase alphanumeric with hyphens'],
        ids: ['Must be a comma-separated list of media ids'],
      },
    });
    for (const limit of ['0', '-1', '1.5', 'ten']) expect((await list({ limit })).body.errors).toEqual({ limit: ['Must be an integer between 1 and 100'] });
    const forged = Buffer.from('123.abc').toString('base64url');
    const forgedAnswer = await list({ cursor: forged }).refusalBeyondDocument('a cursor is opaque: only the service can tell a forged one');
    expect(forgedAnswer.body.errors).toEqual({ cursor: ['Invalid cursor'] });
    const tooMany = Array.from({ length: 101 }, (_, i) => `id${String(i).padStart(6, '0')}`).join(',');
    expect((await list({ ids: tooMany })).body.errors).toEqual({ ids: ['Must have at most 100 ids'] });
    expect((await request(service.baseUrl).get('/v1/media?limit=1&limit=2').set('Authorization', `Bearer ${key}`)).body.errors).toEqual({
      limit: ['Must be given once'],
    });
  });

  it('needs a key with the read ability, checked before validation', async () => {
    expect((await request(service.baseUrl).get('/v1/media?limit=0')).body).toEqual({ error: 'unauthorized', message: 'Invalid or missing API key' });
    const writeOnly = await createKey(service.baseUrl);
    await sql(`UPDATE api_keys SET abilities = '{write}' WHERE id = $1`, [writeOnly.keyId]);
    const response = await list({ limit: 0 }, writeOnly.key);
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ error: 'forbidden', message: 'Insufficient permissions' });
  });
});
