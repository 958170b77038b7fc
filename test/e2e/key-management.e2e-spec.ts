import request from 'supertest';
import { checkSignedLink, VERIFY_PATH } from '@app/accounts';
import { startTestService, TestService } from '../harness/test-service';
import { createKey, uniqueEmail } from '../harness/api-client';
import { approveInDatabase, sql } from '../harness/sql';
import { waitUntil } from '../harness/eventually';
import '../harness/contract/check-supertest';

const KEY_LIMIT_MESSAGE = 'Unverified accounts can have 3 active keys. Verify your email to create more.';

describe('keys: the unverified cap, the agent policy, listing and revoking, abilities, last use', () => {
  let service: TestService;
  beforeAll(async () => (service = await startTestService({ workers: 0, storage: 'fs', env: { WEB_BASE_URL: 'https://img.example' } })));
  afterAll(() => service?.stop());

  const post = (email: string) => request(service.baseUrl).post('/v1/keys').send({ email });
  /** A key for `email` that works: the first one is active at once, a later one once approved. */
  const activeKey = async (email: string) => {
    const created = await createKey(service.baseUrl, email);
    await approveInDatabase(created.keyId);
    return created;
  };
  const accountId = async (email: string) => (await sql<{ id: string }>(`SELECT id FROM accounts WHERE email = $1`, [email]))[0].id;

  it('refuses a 4th active key of an unverified account with key_limit_reached and a verify link for it', async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 3; i++) await activeKey(email);
    const fourth = await post(email);
    expect(fourth.status).toBe(403);
    expect(fourth.body).toEqual({
      error: 'key_limit_reached',
      message: KEY_LIMIT_MESSAGE,
      action: { type: 'verify', url: expect.stringMatching(/^https:\/\/img\.example\/verify\?t=/), label: 'Verify email to remove limit' },
    });
    const link = new URL(fourth.body.action.url);
    // The link asks for the verification mail; only the mailed link verifies.
    expect(checkSignedLink(service.config.signingSecret, VERIFY_PATH, ['verify-request'], Object.fromEntries(link.searchParams))).toEqual({
      ok: true,
      purpose: 'verify-request',
      subject: await accountId(email),
    });
    expect((await sql(`SELECT id FROM api_keys WHERE account_id = $1`, [await accountId(email)])).length).toBe(3);
  });

  it('counts only active keys, and lifts the cap once the account is verified', async () => {
    const email = uniqueEmail();
    const keys = [await activeKey(email), await activeKey(email), await activeKey(email)];
    const revoked = await request(service.baseUrl).delete(`/v1/keys/${keys[0].keyId}`).set('Authorization', `Bearer ${keys[1].key}`);
    expect(revoked.status).toBe(200);
    const third = await post(email);
    expect(third.body).toMatchObject({ status: 'pending' });
    await approveInDatabase(third.body.key_id);
    expect((await post(email)).status).toBe(403);

    await sql(`UPDATE accounts SET verified = true WHERE email = $1`, [email]);
    const fifth = await post(email);
    expect(fifth.status).toBe(201);
    expect(fifth.body).toMatchObject({ status: 'pending', verified: true, limits: { retention_days: null } });
    expect((await post(email)).status).toBe(201);
  });

  it('gives 5 concurrent requests for a fresh email one active key, 3 pending and one refusal (on each of 4 accounts at once)', async () => {
    const emails = Array.from({ length: 4 }, () => uniqueEmail());
    const rounds = await Promise.all(emails.map((email) => Promise.all(Array.from({ length: 5 }, () => post(email)))));
    for (const responses of rounds) {
      expect(responses.map((response) => response.body.status ?? response.body.error).sort()).toEqual(['active', 'pending', 'pending', 'pending', 'rate_limited']);
    }
    const counts = await sql<{ active: number; pending: number }>(
      `SELECT count(*) FILTER (WHERE k.status = 'active')::int AS active, count(*) FILTER (WHERE k.status = 'pending')::int AS pending
       FROM api_keys k JOIN accounts a ON a.id = k.account_id
       WHERE a.email = ANY($1) AND k.revoked_at IS NULL GROUP BY a.id`,
      [emails],
    );
    expect(counts).toEqual(emails.map(() => ({ active: 1, pending: 3 })));
  });

  it('answers registration_closed for an account whose agent policy is closed, before the key cap', async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 3; i++) await createKey(service.baseUrl, email);
    await sql(`UPDATE accounts SET agent_policy = 'closed' WHERE email = $1`, [email]);
    const response = await post(email.toUpperCase());
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      error: 'registration_closed',
      message: 'This account does not accept new API key registrations.',
      action: { type: 'redirect', url: 'https://img.example/keys', label: 'Request key from dashboard' },
    });
  });

  it('validates the body before the policy: a closed account still gets 422 for a bad name', async () => {
    const email = uniqueEmail();
    await createKey(service.baseUrl, email);
    await sql(`UPDATE accounts SET agent_policy = 'closed' WHERE email = $1`, [email]);
    const response = await request(service.baseUrl).post('/v1/keys').send({ email, name: '' });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual({ name: ['Must be a non-empty string'] });
  });

  it('lists the account\'s keys newest first without secrets, and revokes one so that it answers 401', async () => {
    const email = uniqueEmail();
    const first = await createKey(service.baseUrl, email);
    await sql(`UPDATE api_keys SET created_at = now() - interval '1 hour' WHERE id = $1`, [first.keyId]);
    const second = await activeKey(email);
    const other = await createKey(service.baseUrl);

    const listed = await request(service.baseUrl).get('/v1/keys').set('Authorization', `Bearer ${second.key}`);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((key: { key_id: string }) => key.key_id)).toEqual([second.keyId, first.keyId]);
    const [newest, oldest] = listed.body.data;
    expect(Object.keys(newest).sort()).toEqual(['abilities', 'created_at', 'key_id', 'last_used_at', 'name', 'status']);
    expect(newest).toMatchObject({ name: 'Default', abilities: ['read', 'write'], status: 'active' });
    expect(Number.isInteger(newest.created_at)).toBe(true);
    expect(Math.abs(newest.created_at - Date.now() / 1000)).toBeLessThan(60);
    expect(newest.created_at - oldest.created_at).toBeGreaterThanOrEqual(3599);
    expect(JSON.stringify(listed.body)).not.toContain(second.key.slice('img_live_'.length));

    const foreign = await request(service.baseUrl).delete(`/v1/keys/${other.keyId}`).set('Authorization', `Bearer ${second.key}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ error: 'not_found', message: 'Key not found' });
    const unknown = await request(service.baseUrl).delete('/v1/keys/key_zzzzzz').set('Authorization', `Bearer ${second.key}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'not_found', message: 'Key not found' });
    expect((await request(service.baseUrl).get('/v1/keys').set('Authorization', `Bearer ${other.key}`)).status).toBe(200);

    const revoked = await request(service.baseUrl).delete(`/v1/keys/${first.keyId}`).set('Authorization', `Bearer ${second.key}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ success: true, key_id: first.keyId });
    const afterwards = await request(service.baseUrl).get('/v1/keys').set('Authorization', `Bearer ${first.key}`);
    expect(afterwards.status).toBe(401);
    expect(afterwards.body).toEqual({ error: 'unauthorized', message: 'Invalid or missing API key' });
    const relisted = await request(service.baseUrl).get('/v1/keys').set('Authorization', `Bearer ${second.key}`);
    expect(relisted.body.data.map((key: { status: string }) => key.status)).toEqual(['active', 'revoked']);
  });

  it('needs a key to list (401) and the write ability to revoke (403)', async () => {
    const created = await createKey(service.baseUrl);
    expect((await request(service.baseUrl).get('/v1/keys')).status).toBe(401);
    await sql(`UPDATE api_keys SET abilities = '{read}' WHERE id = $1`, [created.keyId]);
    const auth = `Bearer ${created.key}`;
    expect((await request(service.baseUrl).get('/v1/keys').set('Authorization', auth)).status).toBe(200);
    const revoke = await request(service.baseUrl).delete(`/v1/keys/${created.keyId}`).set('Authorization', auth);
    expect(revoke.status).toBe(403);
    expect(revoke.body).toEqual({ error: 'forbidden', message: 'Insufficient permissions' });
  });

  it('answers 403 forbidden to a read-only key before looking at the body, even an empty upload', async () => {
    const created = await createKey(service.baseUrl);
    await sql(`UPDATE api_keys SET abilities = '{read}' WHERE id = $1`, [created.keyId]);
    const auth = `Bearer ${created.key}`;
    const empty = await request(service.baseUrl).post('/v1/upload').set('Authorization', auth);
    expect(empty.status).toBe(403);
    expect(empty.body).toEqual({ error: 'forbidden', message: 'Insufficient permissions' });
    const emptyMultipart = await request(service.baseUrl).post('/v1/upload').set('Authorization', auth).field('namespace', 'NOT VALID');
    expect(emptyMultipart.status).toBe(403);
    const badImport = await request(service.baseUrl).post('/v1/import').set('Authorization', auth).send({});
    expect(badImport.status).toBe(403);
  });

  it('records last_used_at on use, and does not rewrite it within the minute', async () => {
    const created = await createKey(service.baseUrl);
    const lastUsed = async () => (await sql<{ last_used_at: Date | null }>(`SELECT last_used_at FROM api_keys WHERE id = $1`, [created.keyId]))[0].last_used_at;
    expect(await lastUsed()).toBeNull();
    const auth = `Bearer ${created.key}`;
    expect((await request(service.baseUrl).get('/v1/keys').set('Authorization', auth)).status).toBe(200);
    expect(await waitUntil(async () => (await lastUsed()) !== null, 5000)).toBe(true);
    const first = (await lastUsed())!;
    expect(Math.abs(first.getTime() - Date.now())).toBeLessThan(10_000);

    // Backdate it by 30 s: a second use within the minute must leave it exactly as it is.
    const backdated = new Date(first.getTime() - 30_000);
    await sql(`UPDATE api_keys SET last_used_at = $2 WHERE id = $1`, [created.keyId, backdated]);
    for (let i = 0; i < 3; i++) await request(service.baseUrl).get('/v1/keys').set('Authorization', auth);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await lastUsed())!.getTime()).toBe(backdated.getTime());

    const listed = await request(service.baseUrl).get('/v1/keys').set('Authorization', auth);
    expect(listed.body.data[0].last_used_at).toBe(Math.floor(backdated.getTime() / 1000));
  });
});
