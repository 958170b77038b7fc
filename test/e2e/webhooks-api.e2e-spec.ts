import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import request from 'supertest';
import { SecretBox } from '@app/webhooks';
import { runAdminCli } from '../harness/admin-cli';
import { createKey } from '../harness/api-client';
import { accountOfKey, sql } from '../harness/sql';
import { startTestService, TestService } from '../harness/test-service';
import '../harness/contract/check-supertest';

const ALL_EVENTS = ['media.ready', 'media.failed', 'media.deleted'];

describe('webhook endpoints: POST/GET/DELETE /v1/webhooks, GET /v1/webhooks/{id}/deliveries', () => {
  let service: TestService;
  let owner: { key: string; keyId: string; email: string };
  let stranger: { key: string; keyId: string; email: string };

  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
  const create = (body: unknown, key = owner.key) => request(service.baseUrl).post('/v1/webhooks').set(auth(key)).send(body as object);
  const createRefused = (body: unknown, why: string, key = owner.key) => create(body, key).refusalBeyondDocument(why);
  const list = (key = owner.key) => request(service.baseUrl).get('/v1/webhooks').set(auth(key));
  const remove = (id: string, key = owner.key) => request(service.baseUrl).delete(`/v1/webhooks/${id}`).set(auth(key));
  const deliveries = (id: string, key = owner.key) => request(service.baseUrl).get(`/v1/webhooks/${id}/deliveries`).set(auth(key));
  const fieldErrors = (response: request.Response) => {
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ error: 'validation_error', message: 'Validation failed' });
    return response.body.errors;
  };

  beforeAll(async () => {
    service = await startTestService({ workers: 0, env: { SIGNING_SECRET: 'first-signing-secret' } });
    owner = await createKey(service.baseUrl);
    stranger = await createKey(service.baseUrl);
  });
  afterAll(() => service.stop());
  afterEach(async () => {
    await sql('DELETE FROM webhook_endpoints WHERE account_id = ANY($1)', [[await accountOfKey(owner.keyId), await accountOfKey(stranger.keyId)]]);
  });

  it('creates an endpoint with a Standard Webhooks secret shown once and kept only sealed', async () => {
    const response = await create({ url: 'https://hooks.example.com/imgpro?x=1' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^wh_[a-z0-9]{16}$/),
      url: 'https://hooks.example.com/imgpro?x=1',
      events: ALL_EVENTS,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      created_at: expect.any(Number),
    });
    expect(Buffer.from(response.body.secret.slice(6), 'base64')).toHaveLength(32);
    expect(Math.abs(response.body.created_at - Date.now() / 1000)).toBeLessThan(60);

    const [row] = await sql<{ sealed_secret: string }>('SELECT sealed_secret FROM webhook_endpoints WHERE id = $1', [response.body.id]);
    expect(row.sealed_secret).toMatch(/^v1\.[0-9a-f]{12}\./);
    expect(row.sealed_secret).not.toContain(response.body.secret.slice(6));

    const listed = await list();
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      data: [{ id: response.body.id, url: response.body.url, events: ALL_EVENTS, created_at: response.body.created_at, disabled_at: null }],
    });
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
  });

  it('keeps the events asked for, in the documented order, once each', async () => {
    const response = await create({ url: 'http://hooks.example.com/', events: ['media.deleted', 'media.ready', 'media.deleted'] });
    expect(response.status).toBe(201);
    expect(response.body.events).toEqual(['media.ready', 'media.deleted']);
  });

  it('refuses what is not an http(s) URL of a public address, or an unknown event', async () => {
    expect(fieldErrors(await create({}))).toEqual({ url: ['URL is required'] });
    expect(fieldErrors(await create({ url: 'ftp://hooks.example.com/' }))).toEqual({ url: ['Must be a valid http or https URL'] });
    expect(fieldErrors(await createRefused({ url: 'https://user:pw@hooks.example.com/' }, 'credentials inside a URL'))).toEqual({ url: ['Must not contain credentials'] });
    for (const url of ['http://127.0.0.1:8080/', 'http://10.1.2.3/', 'http://169.254.169.254/latest', 'http://[::1]/', 'http://[::ffff:192.168.0.1]/']) {
      expect(fieldErrors(await createRefused({ url }, 'the address policy'))).toEqual({ url: ['Must be a public address'] });
    }
    for (const events of [[], ['media.created'], 'media.ready', [1]]) {
      expect(fieldErrors(await create({ url: 'https://hooks.example.com/', events }))).toEqual({
        events: ['Must be a non-empty list of: media.ready, media.failed, media.deleted'],
      });
    }
    const notJson = await request(service.baseUrl).post('/v1/webhooks').set(auth(owner.key)).type('form').send({ url: 'https://hooks.example.com/' });
    expect(fieldErrors(notJson)).toMatchObject({ body: ['Request must be application/json'] });
    expect((await list()).body.data).toEqual([]);
  });

  it('allows 5 endpoints per account, also to racing requests; a 6th is a validation error on url', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createRefused({ url: `https://hooks.example.com/${i}` }, 'the account already has 5')),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(5);
    for (const refused of answers.filter((answer) => answer.status !== 201)) {
      expect(refused.status).toBe(422);
      expect(refused.body).toEqual({ error: 'validation_error', message: 'Validation failed', errors: { url: ['At most 5 webhooks per account'] } });
    }
    expect((await list()).body.data).toHaveLength(5);
    // Another account has its own five.
    expect((await create({ url: 'https://hooks.example.com/' }, stranger.key)).status).toBe(201);
  });

  it('deletes an endpoint of the account only; another account’s is not found', async () => {
    const mine = (await create({ url: 'https://hooks.example.com/' })).body.id;
    expect((await remove(mine, stranger.key)).body).toEqual({ error: 'not_found', message: 'Webhook not found' });
    expect((await deliveries(mine, stranger.key)).status).toBe(404);
    expect((await list(stranger.key)).body.data).toEqual([]);

    expect((await deliveries(mine)).body).toEqual({ data: [] });
    const deleted = await remove(mine);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ success: true, id: mine });
    expect((await remove(mine)).status).toBe(404);
    expect((await deliveries(mine)).status).toBe(404);
    expect((await list()).body.data).toEqual([]);
  });

  it('needs a key: write to create or delete, read to list', async () => {
    expect((await request(service.baseUrl).get('/v1/webhooks')).status).toBe(401);
    expect((await request(service.baseUrl).post('/v1/webhooks').send({ url: 'https://hooks.example.com/' })).status).toBe(401);
    const mine = (await create({ url: 'https://hooks.example.com/' })).body.id;
    const readOnly = await createKey(service.baseUrl, owner.email);
    await sql(`UPDATE api_keys SET abilities = '{read}', status = 'active' WHERE id = $1`, [readOnly.keyId]);
    expect((await create({ url: 'https://hooks.example.com/2' }, readOnly.key)).body).toEqual({ error: 'forbidden', message: 'Insufficient permissions' });
    expect((await remove(mine, readOnly.key)).status).toBe(403);
    expect((await list(readOnly.key)).body.data).toHaveLength(1);
    expect((await deliveries(mine, readOnly.key)).status).toBe(200);
  });

  it('keeps secrets readable across a SIGNING_SECRET change: WEBHOOK_SECRET_PREVIOUS, then `admin webhooks reseal`', async () => {
    const created = (await create({ url: 'https://hooks.example.com/' })).body;
    const sealedNow = async () => (await sql<{ sealed_secret: string }>('SELECT sealed_secret FROM webhook_endpoints WHERE id = $1', [created.id]))[0].sealed_secret;
    const before = await sealedNow();
    expect(new SecretBox('first-signing-secret').open(before)).toBe(created.secret);

    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-reseal-'));
    try {
      const admin = (env: Record<string, string>) =>
        runAdminCli(['webhooks', 'reseal'], { DATABASE_URL: process.env.TEST_DATABASE_URL!, DATA_DIR: dataDir, ...env });
      // Without the previous secret the row cannot be read: it is named, and left as it was.
      const blind = await admin({ SIGNING_SECRET: 'second-signing-secret' });
      expect(blind.code).toBe(0);
      expect(blind.json().unreadable).toContain(created.id);
      expect(await sealedNow()).toBe(before);

      const rotated = await admin({ SIGNING_SECRET: 'second-signing-secret', WEBHOOK_SECRET_PREVIOUS: 'first-signing-secret' });
      expect(rotated.code).toBe(0);
      // (Endpoints other suites left in this database were sealed under their own secrets: only ours is looked at.)
      expect(rotated.json().unreadable).not.toContain(created.id);
      expect(rotated.json().resealed).toBeGreaterThanOrEqual(1);
      const after = await sealedNow();
      expect(after).not.toBe(before);
      expect(new SecretBox('second-signing-secret').open(after)).toBe(created.secret);
      expect(() => new SecretBox('first-signing-secret').open(after)).toThrow();

      const again = await admin({ SIGNING_SECRET: 'second-signing-secret', WEBHOOK_SECRET_PREVIOUS: 'first-signing-secret' });
      expect(again.json()).toMatchObject({ resealed: 0 });
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
