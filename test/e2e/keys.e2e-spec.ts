import request from 'supertest';
import { Client } from 'pg';
import { createHash } from 'crypto';
import { startTestService, TestService } from '../harness/test-service';
import { uniqueEmail } from '../harness/api-client';
import '../harness/contract/check-supertest';

describe('POST /v1/keys and bearer auth', () => {
  let service: TestService;
  beforeAll(async () => (service = await startTestService({ workers: 0, storage: 'fs' })));
  afterAll(() => service.stop());

  it('creates an account and a key, storing only its hash', async () => {
    const email = uniqueEmail();
    const response = await request(service.baseUrl).post('/v1/keys').send({ email, name: 'CI bot' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      key: expect.stringMatching(/^img_live_[A-Za-z0-9]{32,}$/),
      key_id: expect.stringMatching(/^key_[a-z0-9]{6}$/),
      status: 'active',
      verified: false,
      limits: { uploads: 100, storage_mb: 5120, retention_days: 30 },
      message: 'Key active. Check your email to verify and unlock permanent storage.',
    });
    expect(response.headers['x-request-id']).toBeTruthy();

    const db = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT k.key_hash, k.name, k.abilities, a.email FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.id = $1`,
        [response.body.key_id],
      );
      expect(rows).toEqual([
        { key_hash: createHash('sha256').update(response.body.key).digest('hex'), name: 'CI bot', abilities: ['read', 'write'], email },
      ]);
      const { rows: leaked } = await db.query(`SELECT count(*)::int AS n FROM api_keys WHERE key_hash = $1 OR name = $1`, [
        response.body.key,
      ]);
      expect(leaked[0].n).toBe(0);
    } finally {
      await db.end();
    }
  });

  it('adds a second key to the same account for a known email', async () => {
    const email = uniqueEmail();
    const first = await request(service.baseUrl).post('/v1/keys').send({ email });
    const second = await request(service.baseUrl).post('/v1/keys').send({ email: email.toUpperCase() });
    expect(second.status).toBe(201);
    expect(second.body.key).not.toBe(first.body.key);
    const db = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
    const { rows } = await db.query(`SELECT count(DISTINCT account_id)::int AS accounts, count(*)::int AS keys FROM api_keys WHERE id = ANY($1)`, [
      [first.body.key_id, second.body.key_id],
    ]);
    await db.end();
    expect(rows[0]).toEqual({ accounts: 1, keys: 2 });
  });

  it.each([
    [{}, { email: ['Email is required'] }],
    [{ email: 'not-an-email' }, { email: ['Must be a valid email address'] }],
    [{ email: 42 }, { email: ['Email is required'] }],
    [{ email: 'a@b.co', name: '' }, { name: ['Must be a non-empty string'] }],
  ])('answers 422 validation_error for %j', async (body, errors) => {
    const response = await request(service.baseUrl).post('/v1/keys').send(body);
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ error: 'validation_error', message: 'Validation failed', errors });
  });

  it('answers 422 for a body that is not JSON', async () => {
    const response = await request(service.baseUrl).post('/v1/keys').set('Content-Type', 'application/json').send('{"email":');
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ error: 'validation_error', message: 'Validation failed', errors: { body: ['Body must be valid JSON'] } });
  });

  it.each([
    ['a key that does not exist', 'Bearer img_live_' + 'x'.repeat(40)],
    ['a malformed header', 'Token abc'],
    ['an empty bearer', 'Bearer '],
  ])('answers 401 for %s, never falling back to anonymous', async (_name, header) => {
    const response = await request(service.baseUrl).get('/v1/media/abcdefgh').set('Authorization', header);
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'unauthorized', message: 'Invalid or missing API key' });
  });

  it('answers 403 forbidden to a read-only key that writes, and 401 to a revoked key', async () => {
    const created = await request(service.baseUrl).post('/v1/keys').send({ email: uniqueEmail() });
    const db = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
    try {
      await db.query(`UPDATE api_keys SET abilities = '{read}' WHERE id = $1`, [created.body.key_id]);
      const auth = `Bearer ${created.body.key}`;
      const write = await request(service.baseUrl).post('/v1/import').set('Authorization', auth).send({ url: 'https://example.com/a.jpg' });
      expect(write.status).toBe(403);
      expect(write.body).toEqual({ error: 'forbidden', message: 'Insufficient permissions' });
      const upload = await request(service.baseUrl).post('/v1/upload').set('Authorization', auth).attach('file', Buffer.from('x'), 'x.png');
      expect(upload.status).toBe(403);
      expect((await request(service.baseUrl).get('/v1/media/abcdefgh').set('Authorization', auth)).status).toBe(404);

      await db.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [created.body.key_id]);
      const revoked = await request(service.baseUrl).get('/v1/media/abcdefgh').set('Authorization', auth);
      expect(revoked.status).toBe(401);
      expect(revoked.body).toEqual({ error: 'unauthorized', message: 'Invalid or missing API key' });
    } finally {
      await db.end();
    }
  });

  it('answers 404 not_found for unknown routes and echoes X-Request-Id', async () => {
    const response = await request(service.baseUrl).get('/v1/nothing/here/at-all').set('X-Request-Id', 'trace-123');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: 'not_found', message: 'Not found' });
    expect(response.headers['x-request-id']).toBe('trace-123');
  });

  it('exposes Prometheus metrics: HTTP latency by route pattern and queue depth by state', async () => {
    await request(service.baseUrl).get('/v1/media/abcdefgh');
    const response = await request(service.baseUrl).get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toMatch(/imgpro_http_request_duration_seconds_count\{method="GET",route="\/v1\/media\/:id",status="404"\} \d+/);
    for (const queue of ['ingest', 'import', 'maintenance']) {
      expect(response.text).toMatch(new RegExp(`imgpro_queue_jobs\\{queue="${queue}",state="waiting"\\} \\d+`));
    }
    expect(response.text).not.toContain('abcdefgh');
  });

  it('names metrics as the exposition format requires: only counters end in _total', async () => {
    const response = await request(service.baseUrl).get('/metrics');
    const types = [...response.text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => ({ name, type }));
    expect(types.length).toBeGreaterThan(10);
    expect(types.filter(({ name, type }) => type !== 'counter' && name.endsWith('_total'))).toEqual([]);
    expect(types).toContainEqual({ name: 'imgpro_gateway_nodejs_active_handles', type: 'gauge' });
  });

  it('serves liveness and readiness', async () => {
    expect((await request(service.baseUrl).get('/health')).body).toEqual({ status: 'ok' });
    const ready = await request(service.baseUrl).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toEqual({ database: { status: 'up' }, redis: { status: 'up' }, storage: { status: 'up' } });
  });
});
