import * as http from 'http';
import request from 'supertest';
import { sql } from '../harness/sql';
import { eventually } from '../harness/eventually';
import { checkSignedLink } from '@app/accounts';
import { startTestService, TestService } from '../harness/test-service';
import { startGatewayProcess, WorkerProcess } from '../harness/worker-process';
import { createKey, pathOf, upload } from '../harness/api-client';
import { freePort } from '../harness/free-port';
import { rasterImage, withComment } from '../fixtures/images';
import '../harness/contract/check-supertest';


const accountOf = async (email: string) => (await sql('SELECT id FROM accounts WHERE email = $1', [email]))[0].id as string;
const thisMonth = () => new Date().toISOString().slice(0, 8) + '01';
const nextMonthStart = () => {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) / 1000;
};
async function useUp(email: string, uploads: number) {
  await sql(
    `INSERT INTO usage_months (account_id, month, uploads_used) VALUES ($1, $2, $3)
     ON CONFLICT (account_id, month) DO UPDATE SET uploads_used = $3`,
    [await accountOf(email), thisMonth(), uploads],
  );
}

describe('monthly quotas', () => {
  let service: TestService;
  let png: Buffer;
  beforeAll(async () => {
    service = await startTestService({ workers: 2 });
    png = await rasterImage('png', 16, 16);
  });
  afterAll(() => service.stop());

  const usageOf = async (key: string) => (await request(service.baseUrl).get('/v1/usage').set('Authorization', `Bearer ${key}`)).body;

  it('GET /v1/usage adds up uploads and stored bytes, with the plan and when it resets', async () => {
    const { key } = await createKey(service.baseUrl);
    expect(await usageOf(key)).toEqual({
      plan: 'free',
      verified: false,
      uploads_used: 0,
      uploads_limit: 100,
      storage_used_bytes: 0,
      storage_limit_bytes: 5120 * 1024 * 1024,
      variant_bytes: 0,
      resets_at: nextMonthStart(),
      limits: { uploads: 100, storage_mb: 5120, retention_days: 30 },
    });
    const sizes: number[] = [];
    for (const side of [8, 24, 40]) {
      const response = await upload(service.baseUrl, await rasterImage('png', side, side), `u${side}.png`, key);
      expect(response.status).toBe(201);
      sizes.push(response.body.filesize);
    }
    expect(await usageOf(key)).toMatchObject({ uploads_used: 3, storage_used_bytes: sizes.reduce((a, b) => a + b) });
  });

  it('gives the reservation back when an upload fails, in the gateway or in the worker', async () => {
    const { key } = await createKey(service.baseUrl);
    expect((await upload(service.baseUrl, png, 'ok.png', key)).status).toBe(201);
    expect((await upload(service.baseUrl, Buffer.from('not an image at all'), 'bad.png', key)).status).toBe(500);
    expect((await upload(service.baseUrl, png, 'bad-ns.png', key, { namespace: 'Bad NS' })).status).toBe(422);
    expect((await request(service.baseUrl).post('/v1/upload').set('Authorization', `Bearer ${key}`).field('name', 'no file')).status).toBe(422);
    expect(await usageOf(key)).toMatchObject({ uploads_used: 1 });
  });

  it('answers an unverified account over its quota with the verify action, before reading the body', async () => {
    const { key, email } = await createKey(service.baseUrl);
    await useUp(email, 100);
    // Only the first 64 KB of a promised 20 MB body is sent: the answer must come without the rest.
    const url = new URL(service.baseUrl);
    const answer = await new Promise<{ status: number; body: Record<string, any> }>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/v1/upload',
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'multipart/form-data; boundary=B', 'Content-Length': String(20 * 1024 * 1024) },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.write('--B\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\n\r\n');
      req.write(Buffer.alloc(64 * 1024));
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      error: 'quota_exceeded',
      message: 'Unverified upload limit reached. Verify your email to unlock permanent storage.',
      action: { type: 'verify', url: expect.stringMatching(/^http:\/\/localhost:\d+\/verify\?t=.+&exp=\d+&sig=[\w-]+$/), label: 'Verify email for permanent storage' },
      usage: { plan: 'free', uploads_used: 100, uploads_limit: 100, storage_used_bytes: 0, storage_limit_bytes: 5368709120, resets_at: nextMonthStart() },
    });
    const link = new URL(answer.body.action.url);
    // A request for the verification mail, which cannot verify by itself.
    expect(checkSignedLink(service.config.signingSecret, '/verify', ['verify-request'], Object.fromEntries(link.searchParams))).toEqual({
      ok: true,
      purpose: 'verify-request',
      subject: await accountOf(email),
    });
  });

  it('answers a verified account with a signed upgrade link whose page shows the offer; a forged one is refused', async () => {
    const { key, email } = await createKey(service.baseUrl);
    await sql('UPDATE accounts SET verified = true WHERE email = $1', [email]);
    await useUp(email, 100);
    const refused = await upload(service.baseUrl, png, 'over.png', key);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      error: 'quota_exceeded',
      message: 'Monthly upload limit reached.',
      action: { type: 'upgrade', label: 'Upgrade to Pro ($10/mo) for 1,000 uploads' },
      usage: { plan: 'free', uploads_used: 100, uploads_limit: 100 },
    });
    expect(Object.keys(refused.body.action)).toEqual(['type', 'url', 'label']);
    const page = await request(service.baseUrl).get(pathOf(refused.body.action.url));
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Upgrade to Pro');
    expect(page.text).toContain('$10/month');
    expect(page.text).toContain(email);
    const forged = pathOf(refused.body.action.url).replace(/sig=[^&]+/, 'sig=AAAA');
    expect((await request(service.baseUrl).get(forged)).status).toBe(403);
    const otherPlan = pathOf(refused.body.action.url).replace('/upgrade/pro', '/upgrade/free');
    expect((await request(service.baseUrl).get(otherPlan)).status).toBe(403);
  });

  it('names storage when storage is what ran out, and redirects an account on the top plan', async () => {
    const { key, email } = await createKey(service.baseUrl);
    await sql('UPDATE accounts SET storage_used_bytes = 5368709120 WHERE email = $1', [email]);
    const storage = await upload(service.baseUrl, png, 'full.png', key);
    expect(storage.status).toBe(403);
    expect(storage.body.message).toBe('Unverified storage limit reached. Verify your email to unlock permanent storage.');
    expect(storage.body.action.type).toBe('verify');

    const pro = await createKey(service.baseUrl);
    await sql(`UPDATE accounts SET verified = true, plan = 'pro' WHERE email = $1`, [pro.email]);
    await useUp(pro.email, 1000);
    const top = await request(service.baseUrl).post('/v1/import').set('Authorization', `Bearer ${pro.key}`).send({ url: 'https://example.com/a.png' });
    expect(top.status).toBe(403);
    expect(top.body).toEqual({
      error: 'quota_exceeded',
      message: 'Monthly upload limit reached.',
      action: { type: 'redirect', url: `${service.config.webBaseUrl}/keys`, label: 'Contact us for higher limits' },
      usage: expect.objectContaining({ plan: 'pro', uploads_used: 1000, uploads_limit: 1000 }),
    });
  });

  describe('storage counted when the bytes are known', () => {
    const STORAGE_LIMIT = 5120 * 1024 * 1024;
    let storedSize: number;
    beforeAll(async () => {
      // The stored size of the normalised png, the same for every upload of it.
      const probe = await upload(service.baseUrl, png, 'probe.png', (await createKey(service.baseUrl)).key);
      expect(probe.status).toBe(201);
      storedSize = probe.body.filesize;
    });

    /** A fresh account with `used` bytes stored. */
    async function accountStoring(used: number, verified = false) {
      const { key, email } = await createKey(service.baseUrl);
      await sql('UPDATE accounts SET storage_used_bytes = $2, verified = $3 WHERE email = $1', [email, used, verified]);
      return { key, account: await accountOf(email) };
    }
    const rowsOf = (account: string) =>
      sql<{ id: string; status: string; failure_code: string | null }>(
        'SELECT id, status, failure_code FROM media WHERE account_id = $1 ORDER BY status',
        [account],
      );
    const objectsOf = async (id: string) =>
      (await Promise.all([service.store.head(`originals/${id}.png`), service.store.head(`staging/${id}`)])).filter(Boolean);

    it('takes an upload that fills the storage exactly', async () => {
      const { key } = await accountStoring(STORAGE_LIMIT - storedSize);
      expect((await upload(service.baseUrl, png, 'exact.png', key)).status).toBe(201);
      expect(await usageOf(key)).toMatchObject({ uploads_used: 1, storage_used_bytes: STORAGE_LIMIT });
    });

    it.each([
      [false, 'Unverified storage limit reached. Verify your email to unlock permanent storage.', 'verify'],
      [true, 'Storage limit reached.', 'upgrade'],
    ])('refuses (verified: %s) the upload that would pass the limit by one byte, refunds it and keeps nothing of it', async (verified, message, action) => {
      const used = STORAGE_LIMIT - storedSize + 1;
      const { key, account } = await accountStoring(used, verified);
      const refused = await upload(service.baseUrl, png, 'over.png', key);
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        error: 'quota_exceeded',
        message,
        action: expect.objectContaining({ type: action }),
        usage: { plan: 'free', uploads_used: 0, uploads_limit: 100, storage_used_bytes: used, storage_limit_bytes: STORAGE_LIMIT, resets_at: nextMonthStart() },
      });
      expect(await usageOf(key)).toMatchObject({ uploads_used: 0, storage_used_bytes: used });
      const [row] = await rowsOf(account);
      expect(row).toEqual({ id: expect.any(String), status: 'failed', failure_code: 'quota_exceeded' });
      await eventually(async () => (await objectsOf(row.id)).length === 0);
    });

    it('lets exactly one of two uploads racing for the last bytes through', async () => {
      const used = STORAGE_LIMIT - storedSize - Math.floor(storedSize / 2);
      const { key, account } = await accountStoring(used);
      // Different bytes (the same bytes would be stored once: the second would cost no storage), stored the same size.
      const other = withComment(png, 'second upload');
      const answers = await Promise.all([upload(service.baseUrl, png, 'a.png', key), upload(service.baseUrl, other, 'b.png', key)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 403]);
      expect(answers.find((answer) => answer.status === 403)!.body).toMatchObject({ error: 'quota_exceeded', usage: { uploads_used: 1 } });
      expect(await usageOf(key)).toMatchObject({ uploads_used: 1, storage_used_bytes: used + storedSize });
      expect((await rowsOf(account)).map((row) => [row.status, row.failure_code])).toEqual([
        ['failed', 'quota_exceeded'],
        ['ready', null],
      ]);
    });
  });

  describe('under a race through two gateway processes', () => {
    let second: WorkerProcess;
    let secondUrl: string;
    beforeAll(async () => {
      const port = await freePort();
      second = await startGatewayProcess({ ...service.env, PORT: String(port), HOST: '127.0.0.1' });
      secondUrl = `http://127.0.0.1:${port}`;
    });
    afterAll(() => second?.stop());

    it('lets exactly the quota through: 200 uploads against 100 left', async () => {
      const { key, email } = await createKey(service.baseUrl);
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) => upload(i % 2 ? secondUrl : service.baseUrl, png, `race${i}.png`, key)),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(100);
      expect(statuses.filter((status) => status === 403)).toHaveLength(100);
      for (const refused of answers.filter((answer) => answer.status === 403)) {
        expect(refused.body).toMatchObject({
          error: 'quota_exceeded',
          message: 'Unverified upload limit reached. Verify your email to unlock permanent storage.',
          usage: { plan: 'free', uploads_used: 100, uploads_limit: 100 },
        });
      }
      expect(await usageOf(key)).toMatchObject({ uploads_used: 100 });
      const rows = await sql(`SELECT count(*)::int AS n FROM media WHERE account_id = $1 AND status = 'ready'`, [await accountOf(email)]);
      expect(rows[0].n).toBe(100);
    }, 120_000);
  });
});

