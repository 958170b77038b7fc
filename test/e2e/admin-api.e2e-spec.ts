import request from 'supertest';
import { startTestService, TestService } from '../harness/test-service';
import { createKey, uniqueEmail } from '../harness/api-client';
import { approveInDatabase, sql } from '../harness/sql';
import { waitUntil } from '../harness/eventually';
import '../harness/contract/check-supertest';

const TOKEN = 'admin-token-for-tests';

describe('admin API (/admin/api behind ADMIN_TOKEN)', () => {
  let service: TestService;
  let withoutToken: TestService;
  beforeAll(async () => {
    [service, withoutToken] = await Promise.all([
      startTestService({ workers: 0, storage: 'fs', env: { ADMIN_TOKEN: TOKEN, WEB_BASE_URL: 'https://img.example' } }),
      startTestService({ workers: 0, storage: 'fs' }),
    ]);
  });
  afterAll(async () => {
    await service?.stop();
    await withoutToken?.stop();
  });

  const admin = () => ({
    get: (path: string) => request(service.baseUrl).get(`/admin/api${path}`).set('Authorization', `Bearer ${TOKEN}`),
    patch: (path: string, body: object) => request(service.baseUrl).patch(`/admin/api${path}`).set('Authorization', `Bearer ${TOKEN}`).send(body),
    post: (path: string, body?: object) => request(service.baseUrl).post(`/admin/api${path}`).set('Authorization', `Bearer ${TOKEN}`).send(body),
    delete: (path: string) => request(service.baseUrl).delete(`/admin/api${path}`).set('Authorization', `Bearer ${TOKEN}`),
  });
  const account = (email: string) => `/accounts/${encodeURIComponent(email)}`;

  it('does not exist without ADMIN_TOKEN (404 not_found "Not found")', async () => {
    const email = uniqueEmail();
    for (const response of [
      await request(withoutToken.baseUrl).get(`/admin/api${account(email)}`).set('Authorization', 'Bearer anything'),
      await request(withoutToken.baseUrl).delete('/admin/api/keys/key_abcdef'),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: 'not_found', message: 'Not found' });
    }
  });

  it.each([
    ['no Authorization header', undefined],
    ['a wrong token', `Bearer ${TOKEN}x`],
    ['the token as basic auth (the dashboard accepts it, the API does not)', 'Basic ' + Buffer.from(`admin:${TOKEN}`).toString('base64')],
    ['an API key', 'Bearer img_live_' + 'a'.repeat(40)],
  ])('answers 401 unauthorized to %s', async (_name, header) => {
    let req = request(service.baseUrl).get(`/admin/api${account(uniqueEmail())}`);
    if (header) req = req.set('Authorization', header);
    const response = await req;
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'unauthorized', message: 'Invalid or missing API key' });
  });

  it('shows an account with its usage (as GET /v1/usage) and its keys (as GET /v1/keys); unknown → 404', async () => {
    const created = await createKey(service.baseUrl);
    const usage = await request(service.baseUrl).get('/v1/usage').set('Authorization', `Bearer ${created.key}`);
    // The key's use is recorded in the background: list the keys once it is.
    const used = async () => (await sql(`SELECT 1 FROM api_keys WHERE id = $1 AND last_used_at IS NOT NULL`, [created.keyId])).length > 0;
    expect(await waitUntil(used, 5000)).toBe(true);
    const keys = await request(service.baseUrl).get('/v1/keys').set('Authorization', `Bearer ${created.key}`);
    const shown = await admin().get(account(created.email.toUpperCase()));
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({ email: created.email, verified: false, plan: 'free', agent_policy: 'open', usage: usage.body, keys: keys.body.data });
    expect(shown.body.keys).toEqual([expect.objectContaining({ key_id: created.keyId, status: 'active' })]);

    const unknown = await admin().get(account(uniqueEmail()));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'not_found', message: 'Account not found' });
  });

  it('changes plan and agent policy; a closed policy refuses POST /v1/keys; unknown values → 422', async () => {
    const { email } = await createKey(service.baseUrl);
    const changed = await admin().patch(account(email), { plan: 'pro', agent_policy: 'closed' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ email, plan: 'pro', agent_policy: 'closed', verified: false, usage: { plan: 'pro', uploads_limit: 1000 } });
    const refused = await request(service.baseUrl).post('/v1/keys').send({ email });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('registration_closed');

    const bad = await admin().patch(account(email), { plan: 'gold', agent_policy: 'shut', verified: false });
    expect(bad.status).toBe(422);
    expect(bad.body).toEqual({
      error: 'validation_error',
      message: 'Validation failed',
      errors: { plan: ['Must be one of: free, pro'], agent_policy: ['Must be one of: open, closed'], verified: ['Must be true'] },
    });
    expect((await admin().get(account(email))).body).toMatchObject({ plan: 'pro', agent_policy: 'closed' });

    const reopened = await admin().patch(account(email), { agent_policy: 'open' });
    expect(reopened.body.agent_policy).toBe('open');
    expect((await request(service.baseUrl).post('/v1/keys').send({ email })).status).toBe(201);
    expect((await admin().patch(account(uniqueEmail()), { plan: 'pro' })).status).toBe(404);
  });

  it('verifies an account as the verify link does: implicit expiries cleared, explicit kept, key cap lifted', async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 3; i++) await approveInDatabase((await createKey(service.baseUrl, email)).keyId);
    expect((await request(service.baseUrl).post('/v1/keys').send({ email })).status).toBe(403);
    const [{ id }] = await sql<{ id: string }>(`SELECT id FROM accounts WHERE email = $1`, [email]);
    const suffix = Math.random().toString(36).slice(2, 6);
    await sql(
      `INSERT INTO media (id, account_id, status, source, name, expires_at, expiry_explicit) VALUES
       ($1, $3, 'ready', 'upload', 'a.png', now() + interval '30 days', false),
       ($2, $3, 'ready', 'upload', 'b.png', now() + interval '1 day', true)`,
      [`imp${suffix}a`.slice(0, 8), `exp${suffix}b`.slice(0, 8), id],
    );
    const verified = await admin().patch(account(email), { verified: true });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ verified: true, usage: { verified: true, limits: { retention_days: null } } });
    const media = await sql<{ name: string; expires_at: Date | null }>(`SELECT name, expires_at FROM media WHERE account_id = $1 ORDER BY name`, [id]);
    expect(media.map((row) => [row.name, row.expires_at === null])).toEqual([
      ['a.png', true],
      ['b.png', false],
    ]);
    expect((await request(service.baseUrl).post('/v1/keys').send({ email })).status).toBe(201);
  });

  it('creates a restricted key (and the account), unbound by the policy and the key cap, and revokes it', async () => {
    const email = uniqueEmail();
    const created = await admin().post(`${account(email)}/keys`, { name: 'reader', abilities: ['read'] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      key: expect.stringMatching(/^img_live_[A-Za-z0-9]{32,}$/),
      key_id: expect.stringMatching(/^key_[a-z0-9]{6}$/),
      name: 'reader',
      abilities: ['read'],
      status: 'active',
    });
    const auth = `Bearer ${created.body.key}`;
    expect((await request(service.baseUrl).get('/v1/keys').set('Authorization', auth)).status).toBe(200);
    const write = await request(service.baseUrl).post('/v1/upload').set('Authorization', auth);
    expect(write.status).toBe(403);
    expect(write.body).toEqual({ error: 'forbidden', message: 'Insufficient permissions' });

    await admin().patch(account(email), { agent_policy: 'closed' });
    for (let i = 0; i < 3; i++) expect((await admin().post(`${account(email)}/keys`)).status).toBe(201);
    const shown = await admin().get(account(email));
    expect(shown.body.keys).toHaveLength(4);
    expect(shown.body.keys.filter((key: { abilities: string[] }) => key.abilities.join() === 'read,write')).toHaveLength(3);

    const revoked = await admin().delete(`/keys/${created.body.key_id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ success: true, key_id: created.body.key_id });
    expect((await request(service.baseUrl).get('/v1/keys').set('Authorization', auth)).status).toBe(401);
    const unknown = await admin().delete('/keys/key_zzzzzz');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'not_found', message: 'Key not found' });
  });

  it.each([
    [{ abilities: ['admin'] }, { abilities: ['Must be a non-empty list of: read, write'] }],
    [{ abilities: [] }, { abilities: ['Must be a non-empty list of: read, write'] }],
    [{ abilities: 'read' }, { abilities: ['Must be a non-empty list of: read, write'] }],
    [{ name: '' }, { name: ['Must be a non-empty string'] }],
  ])('refuses a key body %j with 422', async (body, errors) => {
    const response = await admin().post(`${account(uniqueEmail())}/keys`, body);
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ error: 'validation_error', message: 'Validation failed', errors });
  });

  it('refuses to create a key for something that is not an email', async () => {
    const response = await admin().post(`${account('not-an-email')}/keys`, {});
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual({ email: ['Must be a valid email address'] });
  });
});
