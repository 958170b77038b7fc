import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { approveKeyLink, signLink, SIGN_IN_CONFIRM_PATH, verifyLink } from '@app/accounts';
import { createGatewayApp } from '../../apps/gateway/src/create-gateway-app';
import { runAdminCli } from '../harness/admin-cli';
import { createKey, pathOf, uniqueEmail } from '../harness/api-client';
import { eventually, sleep } from '../harness/eventually';
import { parsePage } from '../harness/html-document';
import { headerOf, linkIn } from '../harness/mail-message';
import { SmtpPeer, startSmtpPeer } from '../harness/smtp-peer';
import { sql } from '../harness/sql';
import { startTestService, TestService } from '../harness/test-service';
import '../harness/contract/check-supertest';

const SENT = 'If that address can receive mail, a sign-in link is on its way.';
const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);
const cookieOf = (response: request.Response) => ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((line) => line.startsWith('imgpro_session='));
const csrfOf = (html: string) => parsePage(html).root.querySelector('input[name=csrf]')?.getAttribute('value');
/** Pairs of sign-in requests (a known and an unknown address) the timing check compares. */
const PAIRS = 16;

describe('the dashboard: sign-in by mail, sessions, CSRF', () => {
  let peer: SmtpPeer;
  let service: TestService;
  let behindProxy: INestApplication;
  let behindProxyUrl: string;

  beforeAll(async () => {
    peer = await startSmtpPeer();
    service = await startTestService({ workers: 1, storage: 'fs', env: { SMTP_URL: peer.url, RATE_LIMIT_KEYS_PER_EMAIL: '4', SWEEP_INTERVAL_MS: '1000' } });
    // A second gateway that reads the client address from X-Forwarded-For, with a per-IP limit of 3.
    behindProxy = await createGatewayApp({ ...service.config, trustProxy: 1, rateLimits: { ...service.config.rateLimits, keysPerIp: 3 } });
    await behindProxy.listen(0, '127.0.0.1');
    behindProxyUrl = `http://127.0.0.1:${(behindProxy.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await behindProxy?.close();
    await service?.stop();
    await peer?.stop();
  });

  const signInMails = (email: string) => peer.received.filter((mail) => mail.to.includes(email) && headerOf(mail.raw, 'Subject') === 'Sign in to imgpro');
  const askForLink = (email: string) => request(service.baseUrl).post('/sign-in').type('form').send({ email });
  const mailedLink = async (email: string) => {
    const before = signInMails(email).length;
    await askForLink(email);
    await eventually(() => signInMails(email).length > before, 20_000, `no sign-in mail to ${email}`);
    return linkIn(signInMails(email).at(-1)!.raw, SIGN_IN_CONFIRM_PATH);
  };
  const confirm = (link: string | Record<string, string>) =>
    request(service.baseUrl).post(SIGN_IN_CONFIRM_PATH).type('form').send(typeof link === 'string' ? queryOf(link) : link);
  /** Signs in through the mail; the session cookie and the CSRF token of its pages. */
  const signIn = async (email = uniqueEmail()) => {
    const confirmed = await confirm(await mailedLink(email));
    expect([confirmed.status, confirmed.headers.location]).toEqual([303, '/keys']);
    const cookie = cookieOf(confirmed)!.split(';')[0];
    const page = await request(service.baseUrl).get('/keys').set('Cookie', cookie);
    return { email, cookie, csrf: csrfOf(page.text)!, page };
  };
  const keyStatus = async (keyId: string) =>
    (await sql<{ status: string; revoked: boolean }>(`SELECT status, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE id = $1`, [keyId]))[0];

  it('GET /keys signed out is a sign-in page with one email field, under a strict CSP', async () => {
    const page = await request(service.baseUrl).get('/keys');
    expect(page.status).toBe(200);
    const csp = page.headers['content-security-policy'];
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/form-action 'self'/);
    expect(csp).not.toMatch(/unsafe-inline/);
    const form = parsePage(page.text).root.querySelector('form[action="/sign-in"]');
    expect(form?.getAttribute('method')).toBe('post');
    expect(form?.querySelectorAll('input').map((input) => [input.getAttribute('name'), input.getAttribute('type')])).toEqual([['email', 'email']]);
  });

  it('answers the same sentence, status and time for a known and an unknown address (no account oracle)', async () => {
    const answers = new Set<string>();
    let knownSlower = 0;
    // Each address once, each pair from its own address on the gateway behind a proxy: no limit is reached.
    // Paired and alternated, so the machine's load weighs on both alike: with no oracle, the known address is
    // the slower of its pair about half the time; a systematic difference (a lookup or a send only one of them
    // makes) makes it the slower nearly every time. A threshold in milliseconds failed on a loaded CI machine.
    for (let i = 0; i < PAIRS; i++) {
      const pair: [string, string][] = [
        ['known', (await createKey(service.baseUrl)).email],
        ['unknown', uniqueEmail()],
      ];
      if (i % 2) pair.reverse();
      const took: Record<string, number> = {};
      for (const [kind, email] of pair) {
        const started = process.hrtime.bigint();
        const answer = await request(behindProxyUrl).post('/sign-in').set('X-Forwarded-For', `192.0.2.${i + 1}`).type('form').send({ email });
        took[kind] = Number(process.hrtime.bigint() - started);
        answers.add(`${answer.status} ${parsePage(answer.text).text('main')}`);
      }
      if (took.known > took.unknown) knownSlower++;
    }
    expect([...answers]).toEqual([`200 Check your inbox${SENT}`]);
    // Under no oracle, 2..PAIRS-2 of 16 holds with probability 99.95 %.
    expect(knownSlower).toBeGreaterThanOrEqual(2);
    expect(knownSlower).toBeLessThanOrEqual(PAIRS - 2);
  });

  it('mails a single-use link whose page signs in only on POST; confirming creates the account, verifies it and starts a session', async () => {
    const email = uniqueEmail();
    const asked = await askForLink(email);
    expect([asked.status, parsePage(asked.text).text('p.notice')]).toEqual([200, SENT]);
    const link = await mailedLink(email);
    expect(link.startsWith(`${service.config.webBaseUrl}${SIGN_IN_CONFIRM_PATH}?t=sign-in.`)).toBe(true);

    const page = await request(service.baseUrl).get(pathOf(link));
    expect(page.status).toBe(200);
    expect(cookieOf(page)).toBeUndefined();
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const buttons = parsePage(page.text).root.querySelectorAll(`form[action="${SIGN_IN_CONFIRM_PATH}"][method="post"] button`);
    expect(buttons.map((button) => button.text)).toEqual(['Sign in']);
    // Opening the link (a mail scanner) created nothing.
    expect(await sql(`SELECT 1 FROM accounts WHERE email = $1`, [email])).toEqual([]);

    const confirmed = await confirm(link);
    expect([confirmed.status, confirmed.headers.location]).toEqual([303, '/keys']);
    const cookie = cookieOf(confirmed)!;
    expect(cookie).toMatch(/^imgpro_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=604800; HttpOnly; SameSite=Lax$/);
    expect(await sql(`SELECT verified FROM accounts WHERE email = $1`, [email])).toEqual([{ verified: true }]);
    // Only the hash of the session id is stored.
    const sessionId = cookie.split(';')[0].split('=')[1];
    expect(await sql(`SELECT 1 FROM sessions WHERE id_hash = $1`, [sessionId])).toEqual([]);

    const keys = await request(service.baseUrl).get('/keys').set('Cookie', cookie.split(';')[0]);
    expect(keys.status).toBe(200);
    expect(parsePage(keys.text).text('h1')).toBe('API keys');
    expect(keys.text).toContain(email);
    // The navigation names every page and marks this one; Sign out is a form with the session's token.
    const nav = parsePage(keys.text).root.querySelector('nav[aria-label=Dashboard]')!;
    expect(nav.querySelectorAll('a').map((a) => [a.text, a.getAttribute('href'), a.getAttribute('aria-current') ?? null])).toEqual([
      ['Keys', '/keys', 'page'],
      ['Media', '/media', null],
      ['Usage', '/usage', null],
    ]);
    expect(nav.querySelector('form[action="/sign-out"][method=post] input[name=csrf]')).not.toBeNull();

    // The same link again: refused, no session.
    const again = await confirm(link);
    expect([again.status, cookieOf(again)]).toEqual([403, undefined]);
    expect(parsePage(again.text).text('h1')).toBe('This sign-in link is not valid');
  });

  it('refuses an expired, forged or other-purpose link with the 403 page and no session', async () => {
    const email = uniqueEmail();
    const secret = service.config.signingSecret;
    const base = service.config.webBaseUrl;
    const subject = `${'A'.repeat(22)}.${Buffer.from(email).toString('base64url')}`;
    const expired = signLink(secret, base, SIGN_IN_CONFIRM_PATH, { purpose: 'sign-in', subject }, 900, new Date(Date.now() - 3600_000));
    const valid = queryOf(signLink(secret, base, SIGN_IN_CONFIRM_PATH, { purpose: 'sign-in', subject: `${'B'.repeat(22)}.${Buffer.from(email).toString('base64url')}` }, 900));
    const forged = { ...valid, t: `sign-in.${'B'.repeat(22)}.${Buffer.from('victim@example.com').toString('base64url')}` };
    const verify = queryOf(verifyLink(service.config, '00000000-0000-0000-0000-000000000000'));
    const approve = queryOf(approveKeyLink(service.config, 'key_abcdef'));
    // A token of another purpose signed for this very path.
    const otherPurpose = queryOf(signLink(secret, base, SIGN_IN_CONFIRM_PATH, { purpose: 'verify', subject }, 900));
    for (const link of [queryOf(expired), forged, verify, approve, otherPurpose, {}]) {
      const shown = await request(service.baseUrl).get(SIGN_IN_CONFIRM_PATH).query(link);
      expect(shown.status).toBe(403);
      const posted = await confirm(link);
      expect([posted.status, cookieOf(posted)]).toEqual([403, undefined]);
    }
    expect(await sql(`SELECT 1 FROM accounts WHERE email IN ($1, 'victim@example.com')`, [email])).toEqual([]);
  });

  it("a session of account A changes nothing of account B's keys", async () => {
    const a = await signIn();
    const b = await createKey(service.baseUrl);
    const pending = await request(service.baseUrl).post('/v1/keys').send({ email: b.email, name: 'pending' });
    expect(pending.body.status).toBe('pending');
    for (const [keyId, action] of [
      [b.keyId, 'revoke'],
      [pending.body.key_id, 'approve'],
      [pending.body.key_id, 'deny'],
      [pending.body.key_id, 'revoke'],
    ]) {
      const answer = await request(service.baseUrl).post(`/keys/${keyId}/${action}`).set('Cookie', a.cookie).type('form').send({ csrf: a.csrf });
      expect(answer.status).toBe(404);
    }
    expect(await keyStatus(b.keyId)).toEqual({ status: 'active', revoked: false });
    expect(await keyStatus(pending.body.key_id)).toEqual({ status: 'pending', revoked: false });
  });

  it('a form without its CSRF token, or with another session’s, changes nothing (403 page)', async () => {
    const a = await signIn();
    const other = await signIn();
    const created = await request(service.baseUrl).post('/keys').set('Cookie', a.cookie).type('form').send({ csrf: a.csrf, name: 'mine', abilities: 'read' });
    expect(created.status).toBe(200);
    const keyId = parsePage(created.text).root.querySelector('td code')!.text;
    const forms: [string, Record<string, string>][] = [
      [`/keys/${keyId}/revoke`, {}],
      ['/keys', { name: 'csrf-less' }],
      ['/keys/policy', { policy: 'closed' }],
      ['/sign-out', {}],
    ];
    for (const [path, fields] of forms) {
      for (const csrf of [undefined, other.csrf, '']) {
        const answer = await request(service.baseUrl)
          .post(path)
          .set('Cookie', a.cookie)
          .type('form')
          .send(csrf === undefined ? fields : { ...fields, csrf });
        expect([path, answer.status, parsePage(answer.text).text('h1')]).toEqual([path, 403, 'This form was not accepted']);
      }
    }
    expect(await keyStatus(keyId)).toEqual({ status: 'active', revoked: false });
    expect(await sql(`SELECT agent_policy FROM accounts WHERE email = $1`, [a.email])).toEqual([{ agent_policy: 'open' }]);
    expect((await sql(`SELECT count(*)::int AS n FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE a.email = $1`, [a.email]))[0]).toEqual({ n: 1 });
    // Still signed in: the refused sign-out ended nothing.
    expect(parsePage((await request(service.baseUrl).get('/keys').set('Cookie', a.cookie)).text).text('h1')).toBe('API keys');
  });

  it('an altered session cookie is signed out (and cleared)', async () => {
    const a = await signIn();
    const [name, value] = a.cookie.split('=');
    const altered = `${name}=${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`;
    const page = await request(service.baseUrl).get('/keys').set('Cookie', altered);
    expect(parsePage(page.text).text('h1')).toBe('Sign in');
    expect(cookieOf(page)).toMatch(/^imgpro_session=; Path=\/; Max-Age=0;/);
    const posted = await request(service.baseUrl).post('/keys').set('Cookie', altered).type('form').send({ csrf: a.csrf, name: 'x' });
    expect(posted.status).toBe(403);
  });

  it('Sign out ends the session; so does `admin account sign-out` for every session of the account; and expiry', async () => {
    const a = await signIn();
    const out = await request(service.baseUrl).post('/sign-out').set('Cookie', a.cookie).type('form').send({ csrf: a.csrf });
    expect([out.status, out.headers.location]).toEqual([303, '/keys?done=signed-out']);
    expect(cookieOf(out)).toMatch(/^imgpro_session=; Path=\/; Max-Age=0;/);
    const signedOut = parsePage((await request(service.baseUrl).get(out.headers.location)).text);
    expect([signedOut.text('h1'), signedOut.text('.notice')]).toEqual(['Sign in', 'You are signed out.']);
    expect(parsePage((await request(service.baseUrl).get('/keys').set('Cookie', a.cookie)).text).text('h1')).toBe('Sign in');

    const b = await signIn();
    const b2 = await signIn(b.email);
    const cli = await runAdminCli(['account', 'sign-out', b.email.toUpperCase()], service.env);
    expect([cli.code, cli.json()]).toEqual([0, { success: true, email: b.email, sessions_ended: 2 }]);
    for (const session of [b, b2]) {
      expect(parsePage((await request(service.baseUrl).get('/keys').set('Cookie', session.cookie)).text).text('h1')).toBe('Sign in');
    }

    const c = await signIn();
    await sql(`UPDATE sessions SET expires_at = CURRENT_TIMESTAMP - interval '1 second' WHERE account_id = (SELECT id FROM accounts WHERE email = $1)`, [c.email]);
    expect(parsePage((await request(service.baseUrl).get('/keys').set('Cookie', c.cookie)).text).text('h1')).toBe('Sign in');
  });

  it('refuses sign-in forms a browser posts from another site (login CSRF), before counting or using anything', async () => {
    const email = uniqueEmail();
    const link = await mailedLink(email);
    const crossSite: Record<string, string>[] = [
      { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' },
      { 'Sec-Fetch-Site': 'same-site' },
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
    ];
    for (const headers of crossSite) {
      const asked = await request(service.baseUrl).post('/sign-in').set(headers).type('form').send({ email });
      expect([asked.status, parsePage(asked.text).text('h1')]).toEqual([403, 'This form was not accepted']);
      const confirmed = await request(service.baseUrl).post(SIGN_IN_CONFIRM_PATH).set(headers).type('form').send(queryOf(link));
      expect([confirmed.status, cookieOf(confirmed)]).toEqual([403, undefined]);
    }
    await sleep(1500);
    expect(signInMails(email)).toHaveLength(1);

    // The same forms from this site's own page (Chromium says so; a browser without Sec-Fetch-Site sends Origin),
    // and from clients that are no browser. The refused ones counted nothing: this address's limit is 4.
    const own = new URL(service.baseUrl).origin;
    for (const headers of [{ 'Sec-Fetch-Site': 'same-origin', Origin: own }, { Origin: own }, {}]) {
      expect((await request(service.baseUrl).post('/sign-in').set(headers).type('form').send({ email })).status).toBe(200);
    }
    // The refused confirms did not use the link.
    const confirmed = await request(service.baseUrl).post(SIGN_IN_CONFIRM_PATH).set({ 'Sec-Fetch-Site': 'same-origin', Origin: own }).type('form').send(queryOf(link));
    expect(confirmed.status).toBe(303);

    // A signed-in form with its session's token, posted from another site, is refused too.
    const cookie = cookieOf(confirmed)!.split(';')[0];
    const csrf = csrfOf((await request(service.baseUrl).get('/keys').set('Cookie', cookie)).text)!;
    const policy = await request(service.baseUrl).post('/keys/policy').set({ Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' }).type('form').send({ csrf, policy: 'closed' });
    expect(policy.status).toBe(403);
    expect(await sql(`SELECT agent_policy FROM accounts WHERE email = $1`, [email])).toEqual([{ agent_policy: 'open' }]);
  });

  it('the periodic sweep removes expired sessions and used sign-in links past their expiry, and nothing live', async () => {
    const email = uniqueEmail();
    const links = [await mailedLink(email), await mailedLink(email)];
    const sessions = [];
    for (const link of links) {
      const confirmed = await confirm(link);
      expect(confirmed.status).toBe(303);
      sessions.push(cookieOf(confirmed)!.split(';')[0]);
    }
    const nonces = links.map((link) => queryOf(link).t.split('.')[1]);
    const sessionRows = () => sql<{ expired: boolean }>(`SELECT expires_at <= CURRENT_TIMESTAMP AS expired FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE a.email = $1`, [email]);
    const linkRows = () => sql<{ nonce: string }>(`SELECT nonce FROM used_sign_in_links WHERE nonce = ANY($1) ORDER BY nonce`, [nonces]);
    expect(await sessionRows()).toHaveLength(2);
    expect(await linkRows()).toHaveLength(2);

    // One session and one used link are past their expiry; the others are live.
    await sql(
      `UPDATE sessions SET expires_at = CURRENT_TIMESTAMP - interval '1 second'
       WHERE id_hash = (SELECT id_hash FROM sessions WHERE account_id = (SELECT id FROM accounts WHERE email = $1) ORDER BY created_at LIMIT 1)`,
      [email],
    );
    await sql(`UPDATE used_sign_in_links SET expires_at = CURRENT_TIMESTAMP - interval '1 second' WHERE nonce = $1`, [nonces[0]]);
    await eventually(async () => (await sessionRows()).length === 1 && (await linkRows()).length === 1, 20_000, 'the sweep left expired rows');
    expect(await sessionRows()).toEqual([{ expired: false }]);
    expect(await linkRows()).toEqual([{ nonce: nonces[1] }]);
    // The live session still signs in; its used link still cannot be used again.
    const live = await Promise.all(sessions.map(async (cookie) => parsePage((await request(service.baseUrl).get('/keys').set('Cookie', cookie)).text).text('h1')));
    expect(live.sort()).toEqual(['API keys', 'Sign in']);
    expect((await confirm(links[1])).status).toBe(403);
  });

  it('escapes HTML in key names (checked by parsing)', async () => {
    const a = await signIn();
    const name = `<img src=x onerror="alert(1)">"'&</td><script>alert(2)</script>`;
    await request(service.baseUrl).post('/v1/keys').send({ email: a.email, name });
    const page = await request(service.baseUrl).get('/keys').set('Cookie', a.cookie);
    const root = parsePage(page.text).root;
    expect(root.querySelectorAll('img')).toHaveLength(0);
    expect(root.querySelectorAll('script')).toHaveLength(0);
    expect(root.querySelectorAll('td').map((cell) => cell.text)).toContain(name);
  });

  it('limits sign-in mail per address and per IP', async () => {
    const email = uniqueEmail();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await askForLink(i % 2 ? email : `${email.toUpperCase()} `)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429, 429]);
    const refused = await askForLink(email);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    await sleep(1500);
    await eventually(() => signInMails(email).length === 4, 20_000, 'four mails');

    const fromOneIp = [];
    for (let i = 0; i < 5; i++) {
      fromOneIp.push((await request(behindProxyUrl).post('/sign-in').set('X-Forwarded-For', '198.51.100.9').type('form').send({ email: uniqueEmail() })).status);
    }
    expect(fromOneIp).toEqual([200, 200, 200, 429, 429]);
  });
});
