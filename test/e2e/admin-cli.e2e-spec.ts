import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client } from 'pg';
import request from 'supertest';
import { runAdminCli } from '../harness/admin-cli';
import { uniqueEmail } from '../harness/api-client';
import { freePort } from '../harness/free-port';
import { portAnswers } from '../harness/launcher-process';
import { startTestService } from '../harness/test-service';
import '../harness/contract/check-supertest';

/** The compiled libs: the embedded database runs the same entry point as npm start. */
const db = require(path.join(__dirname, '..', '..', 'dist', 'libs', 'db', 'src'));

describe('admin CLI (npm run admin -- …), with no gateway running', () => {
  let dataDir: string;
  beforeAll(async () => (dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-admin-'))));
  afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

  const admin = (...args: string[]) => runAdminCli(args, { DATABASE_URL: process.env.TEST_DATABASE_URL!, DATA_DIR: dataDir });

  it('creates a restricted key (and its account), shows, changes and revokes, printing JSON', async () => {
    const email = uniqueEmail();
    const created = await admin('key', 'create', email, '--name', 'reader', '--abilities', 'read');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const key = created.json();
    expect(key).toEqual({
      key: expect.stringMatching(/^img_live_[A-Za-z0-9]{32,}$/),
      key_id: expect.stringMatching(/^key_[a-z0-9]{6}$/),
      name: 'reader',
      abilities: ['read'],
      status: 'active',
    });

    const shown = await admin('account', 'show', email);
    expect(shown.code).toBe(0);
    expect(shown.json()).toEqual({
      email,
      verified: false,
      plan: 'free',
      agent_policy: 'open',
      usage: expect.objectContaining({ plan: 'free', uploads_used: 0, uploads_limit: 100, verified: false }),
      keys: [{ key_id: key.key_id, name: 'reader', abilities: ['read'], status: 'active', created_at: expect.any(Number), last_used_at: null }],
    });

    const set = await admin('account', 'set', email, '--plan', 'pro', '--policy', 'closed', '--verified');
    expect(set.code).toBe(0);
    expect(set.json()).toMatchObject({ email, verified: true, plan: 'pro', agent_policy: 'closed', usage: { plan: 'pro', uploads_limit: 1000 } });

    const revoked = await admin('key', 'revoke', key.key_id);
    expect(revoked.code).toBe(0);
    expect(revoked.json()).toEqual({ success: true, key_id: key.key_id });
    expect((await admin('account', 'show', email)).json().keys[0].status).toBe('revoked');
  });

  it.each([
    [['account', 'show', 'nobody-' + Date.now() + '@example.com'], 1, /^admin: Account not found\n$/],
    [['key', 'revoke', 'key_zzzzzz'], 1, /^admin: Key not found\n$/],
    [['account', 'set', 'someone@example.com', '--plan', 'gold'], 1, /^admin: Validation failed: plan: Must be one of: free, pro\n$/],
    [['key', 'create', 'not-an-email'], 1, /^admin: Validation failed: email: Must be a valid email address\n$/],
    [['key', 'create', 'a@example.com', '--abilities', 'read,admin'], 1, /^admin: Validation failed: abilities: Must be a non-empty list of: read, write\n$/],
    [['account', 'frobnicate'], 2, /^admin: unknown command "account frobnicate"\. Usage: npm run admin -- account show EMAIL \| .*\n$/],
  ])('fails with one clear line: %j', async (args, code, message) => {
    const result = await admin(...args);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('fails with one line when the database cannot be reached', async () => {
    const result = await runAdminCli(['account', 'show', 'a@example.com'], {
      DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/postgres`,
      DATA_DIR: dataDir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^admin: failed: .*ECONNREFUSED.*\n$/);
  }, 60_000);

  it('changes what a gateway started afterwards answers: a CLI key works, a revoked one is refused', async () => {
    const email = uniqueEmail();
    const reader = (await admin('key', 'create', email, '--abilities', 'read')).json();
    const writer = (await admin('key', 'create', email)).json();
    await admin('key', 'revoke', writer.key_id);
    const service = await startTestService({ workers: 0, storage: 'fs' });
    try {
      const listed = await request(service.baseUrl).get('/v1/keys').set('Authorization', `Bearer ${reader.key}`);
      expect(listed.status).toBe(200);
      expect(listed.body.data.map((k: { key_id: string; status: string }) => [k.key_id, k.status]).sort()).toEqual(
        [[reader.key_id, 'active'], [writer.key_id, 'revoked']].sort(),
      );
      expect((await request(service.baseUrl).post('/v1/upload').set('Authorization', `Bearer ${reader.key}`)).status).toBe(403);
      expect((await request(service.baseUrl).get('/v1/keys').set('Authorization', `Bearer ${writer.key}`)).status).toBe(401);
    } finally {
      await service.stop();
    }
  });
});

describe('admin CLI without DATABASE_URL: the embedded database of DATA_DIR', () => {
  it('uses the running embedded database on EMBEDDED_DB_PORT', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-admin-running-'));
    const running = await db.startEmbeddedPostgres(path.join(dir, 'pg'), await freePort());
    try {
      await db.runMigrations(running.url);
      const email = uniqueEmail();
      const created = await runAdminCli(['key', 'create', email], { DATA_DIR: dir, EMBEDDED_DB_PORT: String(running.port) });
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      const client = new Client({ connectionString: running.url });
      await client.connect();
      const { rows } = await client.query(`SELECT k.id FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE a.email = $1`, [email]);
      await client.end();
      expect(rows).toEqual([{ id: created.json().key_id }]);
      expect(await portAnswers(running.port)).toBe(true);
    } finally {
      await running.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('starts (and migrates) its own when none runs, keeps the data in DATA_DIR, and stops it afterwards', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-admin-own-'));
    const env = { DATA_DIR: dir, EMBEDDED_DB_PORT: String(await freePort()) };
    try {
      const email = uniqueEmail();
      const created = await runAdminCli(['key', 'create', email, '--name', 'offline'], env);
      expect(created.code).toBe(0);
      expect(await portAnswers(Number(env.EMBEDDED_DB_PORT))).toBe(false);
      const shown = await runAdminCli(['account', 'show', email], env);
      expect(shown.code).toBe(0);
      expect(shown.json().keys).toEqual([expect.objectContaining({ key_id: created.json().key_id, name: 'offline' })]);
      expect(await portAnswers(Number(env.EMBEDDED_DB_PORT))).toBe(false);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
