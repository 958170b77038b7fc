import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { verifyLink, verifyRequestLink, VERIFY_PATH } from '@app/accounts';
import { createGatewayApp } from '../../apps/gateway/src/create-gateway-app';
import { pathOf, uniqueEmail } from '../harness/api-client';
import { createKeyInDashboard, DashboardUser, signInByMail } from '../harness/dashboard-client';
import { parsePage } from '../harness/html-document';
import { pageAfter } from '../harness/see-other';
import { headerOf, linkIn } from '../harness/mail-message';
import { SmtpPeer, startSmtpPeer } from '../harness/smtp-peer';
import { approveInDatabase, sql } from '../harness/sql';
import { startTestService, TestService } from '../harness/test-service';
import '../harness/contract/check-supertest';

const STRANGER_IP = '203.0.113.7';
const PROMPT = 'These keys were created before you proved this address';
const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);

/**
 * Taking an account back (issue 19, item 5): someone who registered the address first got a working key;
 * proving the mailbox (the mailed verification page, or a sign-in) shows the owner every such key with
 * Keep and Revoke, one prompt whose answers both places share.
 */
describe('the dashboard: taking an account back', () => {
  let peer: SmtpPeer;
  let service: TestService;
  let behindProxy: INestApplication;
  let strangerUrl: string;

  beforeAll(async () => {
    peer = await startSmtpPeer();
    service = await startTestService({ workers: 1, storage: 'fs', env: { SMTP_URL: peer.url } });
    // The stranger calls through a proxy that names their address, so the owner sees where a key came from.
    behindProxy = await createGatewayApp({ ...service.config, trustProxy: 1 });
    await behindProxy.listen(0, '127.0.0.1');
    strangerUrl = `http://127.0.0.1:${(behindProxy.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await behindProxy?.close();
    await service?.stop();
    await peer?.stop();
  });

  const strangerKey = async (email: string, name = 'stranger') => {
    const created = await request(strangerUrl).post('/v1/keys').set('X-Forwarded-For', STRANGER_IP).send({ email, name });
    expect(created.status).toBe(201);
    return { key: created.body.key as string, keyId: created.body.key_id as string, status: created.body.status as string };
  };
  const answerOf = async (key: string) => (await request(service.baseUrl).get('/v1/media').set('Authorization', `Bearer ${key}`)).status;
  const keysPage = async (user: DashboardUser) => parsePage((await request(service.baseUrl).get('/keys').set('Cookie', user.cookie)).text).root;
  const promptRows = (root: ReturnType<typeof parsePage>['root']) =>
    root.querySelectorAll('section.take-back tr').slice(1).map((row) => row.querySelectorAll('td').map((cell) => cell.text.trim()));
  const keptAt = async (keyId: string) => (await sql<{ kept_at: Date | null }>(`SELECT kept_at FROM api_keys WHERE id = $1`, [keyId]))[0].kept_at;
  const createdAt = async (keyId: string) =>
    (await sql<{ created_at: Date }>(`SELECT created_at FROM api_keys WHERE id = $1`, [keyId]))[0].created_at.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const accountIdOf = async (email: string) => (await sql<{ id: string }>(`SELECT id FROM accounts WHERE email = $1`, [email]))[0].id;
  const post = (user: DashboardUser, path: string, fields: Record<string, string> = {}) =>
    request(service.baseUrl).post(path).set('Cookie', user.cookie).type('form').send({ csrf: user.csrf, ...fields });
  const mailedVerifyLink = async (email: string) => {
    const mail = await peer.mailTo(email);
    expect(headerOf(mail.raw, 'Subject')).toBe('Verify your email');
    return linkIn(mail.raw, VERIFY_PATH);
  };

  it("sign-in shows the stranger's key (time, IP) with Keep and Revoke; Revoke makes it answer 401", async () => {
    const email = uniqueEmail();
    const name = '<b>stranger</b>&"';
    const stranger = await strangerKey(email, name);
    const waiting = await strangerKey(email, 'second');
    expect([stranger.status, waiting.status]).toEqual(['active', 'pending']);

    const owner = await signInByMail(service.baseUrl, peer, email);
    expect(owner.location).toBe('/keys');
    const page = await keysPage(owner);
    expect(page.querySelector('section.take-back h2')?.text).toBe(PROMPT);
    expect(promptRows(page)).toEqual([[name, stranger.keyId, await createdAt(stranger.keyId), STRANGER_IP, 'Keep Revoke']]);
    expect(page.querySelectorAll('section.take-back b')).toHaveLength(0);
    // The pending key is not asked about (it never worked): it waits in the table for Approve or Deny.
    const table = page.querySelectorAll('table').at(-1)!;
    expect(table.querySelectorAll('code').map((code) => code.text)).toEqual([waiting.keyId]);

    const revoked = await post(owner, `/keys/${stranger.keyId}/revoke`);
    expect([revoked.status, revoked.headers.location]).toEqual([303, '/keys?done=revoked']);
    const shown = await pageAfter(revoked, service.baseUrl, owner.cookie);
    expect([shown.status, parsePage(shown.text).text('p.notice')]).toEqual([200, 'Key revoked: it answers 401 from now on.']);
    expect(await answerOf(stranger.key)).toBe(401);
    expect(parsePage(shown.text).root.querySelector('section.take-back')).toBeNull();
  });

  it('Keep leaves the key working and settles it for both paths; keys made after the proof are never asked about', async () => {
    const email = uniqueEmail();
    const stranger = await strangerKey(email);
    const owner = await signInByMail(service.baseUrl, peer, email);
    const own = await createKeyInDashboard(service.baseUrl, owner, 'made-after');
    expect(promptRows(await keysPage(owner)).map((row) => row[1])).toEqual([stranger.keyId]);

    const kept = await post(owner, `/keys/${stranger.keyId}/keep`);
    const shown = await pageAfter(kept, service.baseUrl, owner.cookie);
    expect([shown.status, parsePage(shown.text).text('p.notice')]).toEqual([200, 'Key kept: it stays as it is.']);
    expect(await answerOf(stranger.key)).toBe(200);
    expect(await answerOf(own.key)).toBe(200);
    const after = parsePage(shown.text).root;
    expect(after.querySelector('section.take-back')).toBeNull();
    expect(after.querySelectorAll('td code').map((code) => code.text).sort()).toEqual([own.keyId, stranger.keyId].sort());

    // A later sign-in and the mailed verification page do not ask again.
    const again = await signInByMail(service.baseUrl, peer, email);
    expect((await keysPage(again)).querySelector('section.take-back')).toBeNull();
    const verifyPage = await request(service.baseUrl).get(pathOf(verifyLink(service.config, await accountIdOf(email))));
    expect(parsePage(verifyPage.text).root.querySelector('section.take-back')).toBeNull();
    expect(verifyPage.text).toContain(stranger.keyId);
  });

  it('the mailed verification page asks the same: Keep and Revoke, answered there for the dashboard too', async () => {
    const email = uniqueEmail();
    const first = await strangerKey(email, 'first');
    const second = await strangerKey(email, 'second');
    await approveInDatabase(second.keyId);
    const link = await mailedVerifyLink(email);

    const page = await request(service.baseUrl).get(pathOf(link));
    expect([page.status, parsePage(page.text).text('h1')]).toEqual([200, 'Email verified']);
    const root = parsePage(page.text).root;
    expect(root.querySelector('section.take-back h2')?.text).toBe(PROMPT);
    expect(promptRows(root)).toEqual([
      ['first', first.keyId, await createdAt(first.keyId), STRANGER_IP, 'Keep Revoke'],
      ['second', second.keyId, await createdAt(second.keyId), STRANGER_IP, 'Keep Revoke'],
    ]);
    const choices = root.querySelectorAll(`section.take-back form[action="${VERIFY_PATH}"][method=post]`).map((form) => ({
      key: form.querySelector('input[name=key_id]')?.getAttribute('value'),
      choice: form.querySelector('input[name=choice]')?.getAttribute('value'),
      t: form.querySelector('input[name=t]')?.getAttribute('value'),
    }));
    expect(choices).toEqual([
      { key: first.keyId, choice: 'keep', t: queryOf(link).t },
      { key: first.keyId, choice: 'revoke', t: queryOf(link).t },
      { key: second.keyId, choice: 'keep', t: queryOf(link).t },
      { key: second.keyId, choice: 'revoke', t: queryOf(link).t },
    ]);

    const decide = (keyId: string, choice: string, signed = queryOf(link)) =>
      request(service.baseUrl).post(VERIFY_PATH).type('form').send({ ...signed, key_id: keyId, choice });
    // A request link (what API errors hand out) proves no mailbox; an unknown choice changes nothing.
    expect((await decide(first.keyId, 'keep', queryOf(verifyRequestLink(service.config, await accountIdOf(email))))).status).toBe(403);
    expect((await decide(first.keyId, 'approve')).status).toBe(422);
    expect(await keptAt(first.keyId)).toBeNull();

    // Post/Redirect/Get: each choice answers 303 to the mailed page, which says what was done.
    const kept = await decide(first.keyId, 'keep');
    expect([kept.status, kept.headers.location]).toEqual([303, `${pathOf(link)}&done=keep`]);
    const keptPage = await pageAfter(kept, service.baseUrl);
    expect([keptPage.status, keptPage.text.includes('Key kept: it stays as it is.')]).toEqual([200, true]);
    const revoked = await decide(second.keyId, 'revoke');
    const revokedPage = await pageAfter(revoked, service.baseUrl);
    expect([revokedPage.status, revokedPage.text.includes('Key revoked: it answers 401 from now on.')]).toEqual([200, true]);
    expect([await answerOf(first.key), await answerOf(second.key)]).toEqual([200, 401]);
    expect(parsePage(revokedPage.text).root.querySelector('section.take-back')).toBeNull();
    // The mailed page opened again (a reload of the answer) says nothing of a choice it was not given.
    expect((await request(service.baseUrl).get(pathOf(link))).text).not.toContain('Key revoked');

    // The owner's first sign-in finds nothing left to answer.
    const owner = await signInByMail(service.baseUrl, peer, email);
    const keys = await keysPage(owner);
    expect(keys.querySelector('section.take-back')).toBeNull();
    expect(keys.querySelectorAll('td code').map((code) => code.text)).toEqual([first.keyId]);
  });

  it("Keep needs the session's CSRF token and a key of the signed-in account", async () => {
    const email = uniqueEmail();
    const stranger = await strangerKey(email);
    const owner = await signInByMail(service.baseUrl, peer, email);
    const other = await signInByMail(service.baseUrl, peer);
    for (const csrf of [undefined, other.csrf, '']) {
      const answer = await request(service.baseUrl)
        .post(`/keys/${stranger.keyId}/keep`)
        .set('Cookie', owner.cookie)
        .type('form')
        .send(csrf === undefined ? {} : { csrf });
      expect([answer.status, parsePage(answer.text).text('h1')]).toEqual([403, 'This form was not accepted']);
    }
    // Another account's session: as unknown as a key that never existed.
    expect((await post(other, `/keys/${stranger.keyId}/keep`)).status).toBe(404);
    expect((await post(other, `/keys/${stranger.keyId}/revoke`)).status).toBe(404);
    expect(await keptAt(stranger.keyId)).toBeNull();
    expect(await answerOf(stranger.key)).toBe(200);
    expect(promptRows(await keysPage(owner)).map((row) => row[1])).toEqual([stranger.keyId]);
    expect((await keysPage(other)).querySelector('section.take-back')).toBeNull();
  });
});
