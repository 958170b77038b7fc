import { promises as fs } from 'fs';
import * as path from 'path';
import request from 'supertest';
import { Client } from 'pg';
import { Queue } from 'bullmq';
import { PENDING_KEY_MESSAGE, signLink, verifyLink, VERIFY_PATH } from '@app/accounts';
import { MAIL_QUEUE, redisConnectionOptions, VERIFICATION_MAIL_JOB } from '@app/jobs';
import { startTestService, TestService } from '../harness/test-service';
import { pathOf, uniqueEmail, upload } from '../harness/api-client';
import { headerOf, linkIn } from '../harness/mail-message';
import { startSmtpPeer, SmtpPeer } from '../harness/smtp-peer';
import { startRedis } from '../harness/redis-server';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

async function query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const db = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows;
  } finally {
    await db.end();
  }
}

const accountOf = async (email: string) =>
  (await query<{ id: string; verified: boolean; verified_at: Date | null }>(`SELECT id, verified, verified_at FROM accounts WHERE email = $1`, [email]))[0];

const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);
const withQuery = (params: Record<string, string>) => `${VERIFY_PATH}?${new URLSearchParams(params)}`;

function expectPage(response: request.Response, status: number, heading: RegExp): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(response.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'unsafe-inline'/);
  expect(response.text).toMatch(heading);
  expect(response.text).not.toMatch(/<script/i);
}

describe('email verification through a real SMTP server', () => {
  let peer: SmtpPeer;
  let service: TestService;

  beforeAll(async () => {
    peer = await startSmtpPeer();
    // A long sweep interval: the sweep must not remove the expired row this suite plants.
    service = await startTestService({
      workers: 1,
      storage: 'fs',
      env: { SMTP_URL: peer.url, MAIL_FROM: 'Images <verify@img.example>', SWEEP_INTERVAL_MS: '3600000' },
    });
  });
  afterAll(async () => {
    await service?.stop();
    await peer?.stop();
  });

  const createKey = (email: string) => request(service.baseUrl).post('/v1/keys').send({ email });

  it('mails a link that verifies the account and makes its implicitly expiring media permanent', async () => {
    const email = uniqueEmail();
    const created = await createKey(email);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ verified: false, limits: { retention_days: 30 } });

    const mail = await peer.mailTo(email);
    expect(mail.from).toBe('verify@img.example');
    expect(headerOf(mail.raw, 'Subject')).toBe('Verify your email');
    expect(headerOf(mail.raw, 'From')).toBe('Images <verify@img.example>');
    expect(mail.raw).toMatch(/Content-Type: text\/html/i);
    const link = linkIn(mail.raw, VERIFY_PATH);
    expect(link.startsWith(`${service.config.webBaseUrl}/verify?t=`)).toBe(true);

    const account = await accountOf(email);
    expect(queryOf(link).t).toBe(`verify.${account.id}`);
    const png = await rasterImage('png');
    const implicit = await upload(service.baseUrl, png, 'implicit.png', created.body.key);
    const explicit = await upload(service.baseUrl, png, 'explicit.png', created.body.key, { ttl: '1h' });
    expect([implicit.status, explicit.status]).toEqual([201, 201]);
    expect(implicit.body.expires_at).toEqual(expect.any(Number));
    const expiredId = 'exp' + Date.now().toString(36).slice(-5);
    await query(
      `INSERT INTO media (id, account_id, status, source, name, expires_at, expiry_explicit) VALUES ($1, $2, 'ready', 'upload', 'old.png', now() - interval '1 minute', false)`,
      [expiredId, account.id],
    );

    const clicked = await request(service.baseUrl).get(pathOf(link));
    expectPage(clicked, 200, /<h1>Email verified<\/h1>/);

    const verified = await accountOf(email);
    expect(verified.verified).toBe(true);
    expect(verified.verified_at).toBeInstanceOf(Date);
    const rows = await query<{ id: string; expires_at: Date | null }>(`SELECT id, expires_at FROM media WHERE id = ANY($1)`, [
      [implicit.body.id, explicit.body.id, expiredId],
    ]);
    const expiryOf = (id: string) => rows.find((row) => row.id === id)!.expires_at;
    expect(expiryOf(implicit.body.id)).toBeNull();
    // Stored in microseconds, shown in whole seconds.
    expect(Math.floor(expiryOf(explicit.body.id)!.getTime() / 1000)).toBe(explicit.body.expires_at);
    expect(expiryOf(expiredId)).toBeInstanceOf(Date);
    const shown = await request(service.baseUrl).get(`/v1/media/${implicit.body.id}`).set('Authorization', `Bearer ${created.body.key}`);
    expect(shown.body.expires_at).toBeNull();

    // A second click is harmless, and verified_at keeps the first.
    expectPage(await request(service.baseUrl).get(pathOf(link)), 200, /<h1>Email verified<\/h1>/);
    expect((await accountOf(email)).verified_at).toEqual(verified.verified_at);

    // From now on a key for this email is permanent (once its owner approves it), and no verification mail is queued for it.
    const again = await createKey(email);
    expect(again.status).toBe(201);
    expect(again.body).toEqual({
      key: expect.any(String),
      key_id: expect.any(String),
      status: 'pending',
      verified: true,
      limits: { uploads: 100, storage_mb: 5120, retention_days: null },
      message: PENDING_KEY_MESSAGE,
    });
    // And what the account uploads now is permanent unless it says otherwise.
    const permanent = await upload(service.baseUrl, png, 'after.png', created.body.key);
    const timed = await upload(service.baseUrl, png, 'after-ttl.png', created.body.key, { ttl: '1h' });
    expect([permanent.body.expires_at, typeof timed.body.expires_at]).toEqual([null, 'number']);

    const queue = new Queue(MAIL_QUEUE, { connection: redisConnectionOptions(service.config.redisUrl), prefix: service.config.queuePrefix });
    try {
      const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
      expect(jobs.filter((job) => job.data.email === email && job.name === VERIFICATION_MAIL_JOB)).toHaveLength(1);
    } finally {
      await queue.close();
    }
  });

  describe('refuses links that are not exactly as signed', () => {
    let accountId: string;
    let otherAccountId: string;
    let email: string;
    beforeAll(async () => {
      email = uniqueEmail();
      const otherEmail = uniqueEmail();
      expect((await createKey(email)).status).toBe(201);
      expect((await createKey(otherEmail)).status).toBe(201);
      accountId = (await accountOf(email)).id;
      otherAccountId = (await accountOf(otherEmail)).id;
    });
    afterEach(async () => expect((await accountOf(email)).verified).toBe(false));

    const valid = () => queryOf(verifyLink(service.config, accountId));

    it.each([
      ['forged (signature replaced)', () => ({ ...valid(), sig: 'A'.repeat(43) })],
      ['signed with another secret', () => queryOf(signLink('not-the-secret', service.config.webBaseUrl, VERIFY_PATH, { purpose: 'verify', subject: accountId }, 3600))],
      ['altered (t changed to another account)', () => ({ ...valid(), t: `verify.${otherAccountId}` })],
      ['altered (exp pushed out)', () => ({ ...valid(), exp: String(Number(valid().exp) + 86400) })],
      ['expired', () => queryOf(verifyLink(service.config, accountId, new Date(Date.now() - 8 * 86400 * 1000)))],
      ['malformed (no sig)', () => ({ t: accountId, exp: valid().exp })],
      ['empty', () => ({})],
    ])('%s → 403 page', async (_name, params) => {
      const response = await request(service.baseUrl).get(withQuery(params()));
      expectPage(response, 403, /not valid/);
      expect(response.text).toMatch(/expired/);
      expect((await accountOf(email)).verified).toBe(false);
    });

    it('a repeated parameter is malformed, not a crash', async () => {
      const { t, exp, sig } = valid();
      const response = await request(service.baseUrl).get(`${VERIFY_PATH}?t=${t}&exp=${exp}&sig=${sig}&sig=${sig}`);
      expectPage(response, 403, /not valid/);
    });

    it('the other account was not verified by the altered link', async () => {
      expect((await query(`SELECT verified FROM accounts WHERE id = $1`, [otherAccountId]))[0]).toEqual({ verified: false });
    });
  });

  it('retries with backoff when the mail server refuses for a while', async () => {
    peer.refuseNext(1);
    const refusedBefore = peer.refused;
    const email = uniqueEmail();
    expect((await createKey(email)).status).toBe(201);
    const mail = await peer.mailTo(email, 30_000);
    expect(peer.refused).toBe(refusedBefore + 1);
    expect(linkIn(mail.raw, VERIFY_PATH)).toContain('/verify?t=');
  });
});

describe('email verification without SMTP_URL: the outbox folder', () => {
  let service: TestService;
  beforeAll(async () => (service = await startTestService({ workers: 1, storage: 'fs' })));
  afterAll(() => service?.stop());

  async function outboxFile(accountId: string): Promise<string> {
    const outbox = path.join(service.config.dataDir, 'outbox');
    for (let waited = 0; waited < 20_000; waited += 50) {
      const names = await fs.readdir(outbox).catch(() => [] as string[]);
      const name = names.find((entry) => new RegExp(`^\\d+-${accountId}\\.eml$`).test(entry));
      if (name) return path.join(outbox, name);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no .eml for ${accountId} in ${outbox}`);
  }

  it('writes the mail as an .eml file, logs its link, and the link verifies', async () => {
    const email = uniqueEmail();
    expect((await request(service.baseUrl).post('/v1/keys').send({ email })).status).toBe(201);
    const { id } = await accountOf(email);
    const eml = await fs.readFile(await outboxFile(id), 'utf8');
    expect(headerOf(eml, 'To')).toBe(email);
    expect(headerOf(eml, 'From')).toBe('imgpro <no-reply@localhost>');
    expect(headerOf(eml, 'Subject')).toBe('Verify your email');
    const link = linkIn(eml, VERIFY_PATH);
    // The worker logs the link right after writing the file; its output may reach us a moment later.
    for (let waited = 0; waited < 5000 && !service.workers[0].output().includes(link); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(service.workers[0].output()).toContain(link);

    expectPage(await request(service.baseUrl).get(pathOf(link)), 200, /Email verified/);
    expect((await accountOf(email)).verified).toBe(true);
  });
});

describe('a verification mail that cannot be queued at once', () => {
  it('does not hold up key creation, and is queued when Redis is back', async () => {
    const redis = await startRedis();
    const service = await startTestService({ workers: 0, storage: 'fs', env: { REDIS_URL: redis.url } });
    let restarted: Awaited<ReturnType<typeof startRedis>> | undefined;
    try {
      await redis.stop();
      const email = uniqueEmail();
      const started = Date.now();
      const response = await request(service.baseUrl).post('/v1/keys').send({ email });
      expect(response.status).toBe(201);
      expect(response.body.verified).toBe(false);
      expect(Date.now() - started).toBeLessThan(5000);

      restarted = await startRedis(redis.port);
      const queue = new Queue(MAIL_QUEUE, { connection: redisConnectionOptions(restarted.url), prefix: service.config.queuePrefix });
      try {
        const queuedFor = async () => (await queue.getJobs(['waiting'])).map((job) => job.data.email);
        for (let waited = 0; !(await queuedFor()).includes(email); waited += 100) {
          if (waited > 15_000) throw new Error('the mail was never queued');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        await queue.close();
      }
    } finally {
      restarted ??= await startRedis(redis.port);
      await service.stop();
      await restarted.stop();
    }
  });
});
