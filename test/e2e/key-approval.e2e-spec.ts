import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { APPROVE_KEY_PATH, approveKeyLink, PENDING_KEY_MESSAGE, signLink, verifyLink, verifyRequestLink, VERIFY_PATH } from '@app/accounts';
import { createGatewayApp } from '../../apps/gateway/src/create-gateway-app';
import { rasterImage } from '../fixtures/images';
import { createKey, pathOf, uniqueEmail, upload } from '../harness/api-client';
import { eventually, sleep } from '../harness/eventually';
import { headerOf, plainTextOf } from '../harness/mail-message';
import { ReceivedMail, SmtpPeer, startSmtpPeer } from '../harness/smtp-peer';
import { pageAfter } from '../harness/see-other';
import { approveInDatabase, sql } from '../harness/sql';
import { startTestService, TestService } from '../harness/test-service';
import '../harness/contract/check-supertest';

const PENDING_FORBIDDEN = { error: 'forbidden', message: "This API key is waiting for the account owner's approval." };
const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);

/** Every link to `path` in a mail's text part. */
const linksIn = (mail: ReceivedMail, path: string) =>
  (plainTextOf(mail.raw).match(/https?:\/\/\S+/g) ?? []).filter((url) => new URL(url).pathname === path);

describe('knowing an email is not owning the account: pending keys and their approval', () => {
  let peer: SmtpPeer;
  let service: TestService;
  let second: INestApplication;
  let secondUrl: string;

  beforeAll(async () => {
    peer = await startSmtpPeer();
    service = await startTestService({ workers: 1, storage: 'fs', env: { SMTP_URL: peer.url, SWEEP_INTERVAL_MS: '1000' } });
    second = await createGatewayApp(service.config);
    await second.listen(0, '127.0.0.1');
    secondUrl = `http://127.0.0.1:${(second.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await second?.close();
    await service?.stop();
    await peer?.stop();
  });

  const post = (email: string, name?: string, baseUrl = service.baseUrl) => request(baseUrl).post('/v1/keys').send(name ? { email, name } : { email });
  const mailsTo = (email: string, subject: RegExp) => peer.received.filter((mail) => mail.to.includes(email) && subject.test(headerOf(mail.raw, 'Subject') ?? ''));
  const approvalMail = async (email: string) => {
    await eventually(() => mailsTo(email, /^Approve/).length > 0, 20_000, `no approval mail to ${email}`);
    return mailsTo(email, /^Approve/)[0];
  };
  const statusOf = async (keyId: string) => (await sql<{ status: string }>(`SELECT status FROM api_keys WHERE id = $1`, [keyId]))[0]?.status;
  const decide = (link: string, decision: string, baseUrl = service.baseUrl) =>
    request(baseUrl).post(APPROVE_KEY_PATH).type('form').send({ ...queryOf(link), decision });

  it.each([
    ['an unverified', false],
    ['a verified', true],
  ])('a stranger who knows only the email of %s account gets a pending key that can do nothing', async (_kind, verified) => {
    const victim = await createKey(service.baseUrl);
    if (verified) await sql(`UPDATE accounts SET verified = true WHERE email = $1`, [victim.email]);
    const png = await rasterImage('png');
    const media = await upload(service.baseUrl, png, 'private.png', victim.key, { public: 'false' });
    expect(media.status).toBe(201);

    const attacker = await post(victim.email, 'attacker');
    expect(attacker.status).toBe(201);
    expect(attacker.body).toEqual({
      key: expect.stringMatching(/^img_live_/),
      key_id: expect.stringMatching(/^key_[a-z0-9]{6}$/),
      status: 'pending',
      verified,
      limits: { uploads: 100, storage_mb: 5120, retention_days: verified ? null : 30 },
      message: PENDING_KEY_MESSAGE,
    });
    const auth = `Bearer ${attacker.body.key}`;
    const attempts = [
      request(service.baseUrl).get('/v1/media').set('Authorization', auth),
      request(service.baseUrl).get(`/v1/media/${media.body.id}`).set('Authorization', auth),
      request(service.baseUrl).patch(`/v1/media/${media.body.id}`).set('Authorization', auth).send({ public: true }),
      request(service.baseUrl).delete(`/v1/media/${media.body.id}`).set('Authorization', auth),
      request(service.baseUrl).get('/v1/usage').set('Authorization', auth),
      request(service.baseUrl).get('/v1/keys').set('Authorization', auth),
      request(service.baseUrl).delete(`/v1/keys/${victim.keyId}`).set('Authorization', auth),
      upload(service.baseUrl, png, 'mine.png', attacker.body.key),
    ];
    for (const response of await Promise.all(attempts)) {
      expect([response.status, response.body]).toEqual([403, PENDING_FORBIDDEN]);
    }
    // The owner's media and key are untouched.
    const own = await request(service.baseUrl).get(`/v1/media/${media.body.id}`).set('Authorization', `Bearer ${victim.key}`);
    expect([own.status, own.body.public]).toEqual([200, false]);
    const keys = await request(service.baseUrl).get('/v1/keys').set('Authorization', `Bearer ${victim.key}`);
    expect(keys.body.data.map((key: { key_id: string; status: string }) => [key.key_id, key.status])).toEqual([
      [attacker.body.key_id, 'pending'],
      [victim.keyId, 'active'],
    ]);
  });

  it('mails the owner the key name, time and IP with a link whose page approves only on POST', async () => {
    const { email } = await createKey(service.baseUrl);
    const requested = await post(email, 'laptop');
    const mail = await approvalMail(email);
    const text = plainTextOf(mail.raw);
    expect(text).toContain('"laptop"');
    expect(text).toContain(requested.body.key_id);
    expect(text).toContain('127.0.0.1');
    expect(text).toMatch(/requested \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    const [link] = linksIn(mail, APPROVE_KEY_PATH);
    expect(link.startsWith(`${service.config.webBaseUrl}${APPROVE_KEY_PATH}?t=`)).toBe(true);

    const page = await request(service.baseUrl).get(pathOf(link));
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/form-action 'self'/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.text).toContain('laptop');
    expect(page.text).toContain('127.0.0.1');
    expect(page.text).toMatch(/<form method="post" action="\/keys\/approve">.*name="decision" value="approve"/);
    expect(page.text).toMatch(/name="decision" value="deny"/);
    // Opening it (as a mail scanner would) changed nothing.
    await request(service.baseUrl).get(pathOf(link));
    expect(await statusOf(requested.body.key_id)).toBe('pending');

    // Post/Redirect/Get: the decision answers 303 to the link's page, which says what was done.
    const approved = await decide(link, 'approve');
    expect(approved.status).toBe(303);
    expect(approved.headers.location).toBe(`${pathOf(link)}&done=approved`);
    const shown = await pageAfter(approved, service.baseUrl);
    expect([shown.status, shown.text]).toEqual([200, expect.stringContaining('Key approved: it works from now on.')]);
    expect(shown.text).toContain('laptop');
    expect((await request(service.baseUrl).get('/v1/media').set('Authorization', `Bearer ${requested.body.key}`)).status).toBe(200);

    // Approving twice changes nothing, nor does a Deny afterwards.
    const again = await decide(link, 'approve');
    expect((await pageAfter(again, service.baseUrl)).text).toContain('This key is approved already.');
    const lateDeny = await decide(link, 'deny');
    expect((await pageAfter(lateDeny, service.baseUrl)).text).toContain('This key is approved already.');
    expect(await statusOf(requested.body.key_id)).toBe('active');
  });

  it('denies: the key is removed and never works; approving it afterwards finds nothing', async () => {
    const { email } = await createKey(service.baseUrl);
    const requested = await post(email);
    const link = approveKeyLink(service.config, requested.body.key_id);
    const denied = await decide(link, 'deny');
    const shown = await pageAfter(denied, service.baseUrl);
    expect([shown.status, shown.text]).toEqual([200, expect.stringMatching(/Key denied/)]);
    expect(await statusOf(requested.body.key_id)).toBeUndefined();
    // The link's own page, without the form's `done`, says only that the request no longer waits.
    expect((await request(service.baseUrl).get(pathOf(link))).status).toBe(404);
    const approved = await decide(link, 'approve');
    expect([approved.status, approved.text]).toEqual([404, expect.stringMatching(/no longer waits/)]);
    expect((await request(service.baseUrl).get('/v1/media').set('Authorization', `Bearer ${requested.body.key}`)).status).toBe(401);
  });

  it('refuses an expired, forged or altered approval link, and a link of another purpose, changing nothing', async () => {
    const { email } = await createKey(service.baseUrl);
    const requested = await post(email);
    const keyId = requested.body.key_id;
    const [accountId] = (await sql<{ account_id: string }>(`SELECT account_id FROM api_keys WHERE id = $1`, [keyId])).map((row) => row.account_id);
    const signed = (purpose: 'verify' | 'verify-request' | 'upgrade', subject: string) =>
      signLink(service.config.signingSecret, service.config.webBaseUrl, APPROVE_KEY_PATH, { purpose, subject }, 3600);
    const valid = approveKeyLink(service.config, keyId);
    const refused = [
      ['expired', approveKeyLink(service.config, keyId, new Date(Date.now() - 25 * 3600 * 1000))],
      ['forged', `${valid.replace(/sig=[^&]+/, `sig=${'A'.repeat(43)}`)}`],
      ['another secret', signLink('not-the-secret', service.config.webBaseUrl, APPROVE_KEY_PATH, { purpose: 'approve-key', subject: keyId }, 3600)],
      ['a verify token', verifyLink(service.config, accountId).replace(VERIFY_PATH, APPROVE_KEY_PATH)],
      ['a verify token signed for this path', signed('verify', keyId)],
      ['a verify-request token signed for this path', signed('verify-request', keyId)],
      ['an upgrade token signed for this path', signed('upgrade', keyId)],
    ];
    for (const [name, link] of refused) {
      const shown = await request(service.baseUrl).get(pathOf(link));
      expect([name, shown.status]).toEqual([name, 403]);
      const posted = await decide(link, 'approve');
      expect([name, posted.status, posted.text]).toEqual([name, 403, expect.stringMatching(/not valid/)]);
    }
    const noDecision = await decide(valid, 'maybe');
    expect(noDecision.status).toBe(403);
    expect(await statusOf(keyId)).toBe('pending');

    // And the reverse: an approval token on /verify neither verifies nor mails (once the mails its key requests sent are in).
    await approvalMail(email);
    await eventually(() => mailsTo(email, /^Verify/).length === 1, 20_000, 'no verification mail for the new account');
    const mailsBefore = mailsTo(email, /./).length;
    const onVerify = await request(service.baseUrl).get(
      pathOf(signLink(service.config.signingSecret, service.config.webBaseUrl, VERIFY_PATH, { purpose: 'approve-key', subject: accountId }, 3600)),
    );
    expect([onVerify.status, onVerify.text]).toEqual([403, expect.stringMatching(/not valid/)]);
    await sleep(500);
    expect((await sql<{ verified: boolean }>(`SELECT verified FROM accounts WHERE id = $1`, [accountId]))[0].verified).toBe(false);
    expect(mailsTo(email, /./).length).toBe(mailsBefore);
  });

  it('holds at most 3 pending keys (then 429 with the wait until the oldest expires) and mails the owner once per 10 minutes', async () => {
    const { email } = await createKey(service.baseUrl);
    const pending = [];
    for (let i = 0; i < 3; i++) pending.push(await post(email, `request ${i}`));
    expect(pending.map((response) => response.body.status)).toEqual(['pending', 'pending', 'pending']);
    await sql(`UPDATE api_keys SET created_at = now() - interval '1 hour' WHERE id = $1`, [pending[0].body.key_id]);
    const fourth = await post(email);
    expect(fourth.status).toBe(429);
    expect(fourth.body).toEqual({
      error: 'rate_limited',
      message: "Too many keys are waiting for the owner's approval. Try again later.",
      action: { type: 'wait', seconds: expect.any(Number) },
    });
    expect(Math.abs(fourth.body.action.seconds - 23 * 3600)).toBeLessThan(120);
    expect(fourth.headers['retry-after']).toBe(String(fourth.body.action.seconds));

    await approvalMail(email);
    await sleep(1500);
    expect(mailsTo(email, /^Approve/)).toHaveLength(1);
    // The owner's own active keys are not blocked: they still work, and denying one frees a place.
    await decide(approveKeyLink(service.config, pending[1].body.key_id), 'deny');
    expect((await post(email)).body.status).toBe('pending');
  });

  it('removes a key its owner did not approve within 24 hours (the sweep)', async () => {
    const { email } = await createKey(service.baseUrl);
    const requested = await post(email);
    const fresh = await post(email);
    await sql(`UPDATE api_keys SET created_at = now() - interval '24 hours 1 minute' WHERE id = $1`, [requested.body.key_id]);
    const link = approveKeyLink(service.config, requested.body.key_id);
    expect((await decide(link, 'approve')).status).toBe(404);
    await eventually(async () => (await statusOf(requested.body.key_id)) === undefined, 20_000, 'the sweep left the expired pending key');
    expect(await statusOf(fresh.body.key_id)).toBe('pending');
  });

  it('two gateways racing to approve past the unverified 3-key cap: exactly one wins', async () => {
    const { email } = await createKey(service.baseUrl);
    await approveInDatabase((await post(email)).body.key_id);
    const waiting = [(await post(email)).body.key_id, (await post(email)).body.key_id];
    const answers = await Promise.all([
      decide(approveKeyLink(service.config, waiting[0]), 'approve', service.baseUrl),
      decide(approveKeyLink(service.config, waiting[1]), 'approve', secondUrl),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([303, 409]);
    const [{ active }] = await sql<{ active: number }>(
      `SELECT count(*)::int AS active FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE a.email = $1 AND k.status = 'active'`,
      [email],
    );
    expect(active).toBe(3);
  });

  it('two gateways racing to add keys to an account: 3 pending, the rest refused', async () => {
    const { email } = await createKey(service.baseUrl);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => post(email, undefined, i % 2 ? secondUrl : service.baseUrl)));
    expect(answers.filter((answer) => answer.status === 201).map((answer) => answer.body.status)).toEqual(['pending', 'pending', 'pending']);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(7);
  });

  it('the verify action link (opened 50 times) sends one verification mail per 10 minutes and never verifies', async () => {
    const email = uniqueEmail();
    expect((await post(email)).status).toBe(201);
    const address = (await sql<{ email: string; id: string }>(`SELECT email, id FROM accounts WHERE email = $1`, [email]))[0];
    await eventually(() => mailsTo(address.email, /^Verify/).length === 1, 20_000, 'no verification mail for the new key');
    // Its turn is over: what follows is the request link alone.
    await sql(`UPDATE accounts SET verification_mail_sent_at = NULL WHERE id = $1`, [address.id]);
    const link = verifyRequestLink(service.config, address.id);
    const pages = [];
    for (let round = 0; round < 5; round++) {
      pages.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => request(i % 2 ? secondUrl : service.baseUrl).get(pathOf(link))))));
    }
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.text).toContain(`We sent a verification link to ${address.email.charAt(0)}•••@example.com`);
    }
    await eventually(() => mailsTo(address.email, /^Verify/).length === 2, 20_000, 'the request link sent no mail');
    await sleep(1500);
    expect(mailsTo(address.email, /^Verify/)).toHaveLength(2);
    expect((await sql<{ verified: boolean }>(`SELECT verified FROM accounts WHERE id = $1`, [address.id]))[0].verified).toBe(false);
  });

  it('the mailed verify link lists every key with Revoke, so the owner takes the account back', async () => {
    const owner = await createKey(service.baseUrl);
    const intruder = await post(owner.email, 'intruder');
    await approveInDatabase(intruder.body.key_id);
    const [{ id: accountId }] = await sql<{ id: string }>(`SELECT id FROM accounts WHERE email = $1`, [owner.email]);
    const link = verifyLink(service.config, accountId);
    const page = await request(service.baseUrl).get(pathOf(link));
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/form-action 'self'/);
    for (const keyId of [owner.keyId, intruder.body.key_id]) expect(page.text).toContain(`name="key_id" value="${keyId}"`);
    expect(page.text).toContain('intruder');
    expect(page.text).toContain('127.0.0.1');

    // A request link cannot revoke (it does not prove the mailbox).
    const byRequestLink = await request(service.baseUrl)
      .post(VERIFY_PATH)
      .type('form')
      .send({ ...queryOf(verifyRequestLink(service.config, accountId)), key_id: intruder.body.key_id });
    expect(byRequestLink.status).toBe(403);
    expect((await request(service.baseUrl).get('/v1/media').set('Authorization', `Bearer ${intruder.body.key}`)).status).toBe(200);

    const revoked = await request(service.baseUrl).post(VERIFY_PATH).type('form').send({ ...queryOf(link), key_id: intruder.body.key_id });
    expect(revoked.headers.location).toBe(`${pathOf(link)}&done=revoke`);
    const shown = await pageAfter(revoked, service.baseUrl);
    expect([shown.status, shown.text]).toEqual([200, expect.stringContaining('Key revoked')]);
    expect(shown.text).not.toContain(`name="key_id" value="${intruder.body.key_id}"`);
    expect((await request(service.baseUrl).get('/v1/media').set('Authorization', `Bearer ${intruder.body.key}`)).status).toBe(401);
    expect((await request(service.baseUrl).get('/v1/media').set('Authorization', `Bearer ${owner.key}`)).status).toBe(200);
  });
});
