import request from 'supertest';
import { formatMegabytes } from '@app/errors';
import { rasterImage } from '../fixtures/images';
import { pathOf, pollUntilReady, upload } from '../harness/api-client';
import { createKeyInDashboard, DashboardUser, signInByMail } from '../harness/dashboard-client';
import { parsePage } from '../harness/html-document';
import { SmtpPeer, startSmtpPeer } from '../harness/smtp-peer';
import { sql } from '../harness/sql';
import { startTestService, TestService } from '../harness/test-service';
import '../harness/contract/check-supertest';

describe('the dashboard: /usage', () => {
  let peer: SmtpPeer;
  let service: TestService;

  beforeAll(async () => {
    peer = await startSmtpPeer();
    service = await startTestService({ workers: 1, storage: 'fs', env: { SMTP_URL: peer.url } });
  });
  afterAll(async () => {
    await service?.stop();
    await peer?.stop();
  });

  const usagePage = async (user: DashboardUser) => {
    const page = await request(service.baseUrl).get('/usage').set('Cookie', user.cookie);
    expect(page.status).toBe(200);
    return parsePage(page.text).root;
  };
  const uploadReady = async (key: string, width: number) => {
    const created = await upload(service.baseUrl, await rasterImage('png', width, 40), 'pic.png', key);
    expect(created.status).toBe(201);
    return (await pollUntilReady(service.baseUrl, created.body.id, key)).body as { id: string; src: string };
  };

  it('shows the numbers of GET /v1/usage after real uploads: bars, storage with variants apart, reset date, verification, upgrade link', async () => {
    const user = await signInByMail(service.baseUrl, peer);
    const { key } = await createKeyInDashboard(service.baseUrl, user, 'uploader');
    const first = await uploadReady(key, 300);
    await uploadReady(key, 200);
    await uploadReady(key, 100);
    // A delivery variant: stored bytes that are reported apart from the storage limit.
    expect((await request(service.baseUrl).get(`${pathOf(first.src)}?size=s`)).status).toBe(200);
    const api = (await request(service.baseUrl).get('/v1/usage').set('Authorization', `Bearer ${key}`)).body;
    expect(api).toMatchObject({ plan: 'free', verified: true, uploads_used: 3, uploads_limit: 100 });
    expect(api.storage_used_bytes).toBeGreaterThan(0);
    expect(api.variant_bytes).toBeGreaterThan(0);

    const page = await usagePage(user);
    expect(page.querySelector('h1')?.text).toBe('Usage');
    expect(page.querySelector('nav a[aria-current=page]')?.text).toBe('Usage');
    const uploads = page.querySelector('progress#uploads')!;
    expect([uploads.getAttribute('value'), uploads.getAttribute('max')]).toEqual(['3', '100']);
    expect(page.querySelector('label[for=uploads]')?.text).toBe('Uploads this month');
    expect(page.querySelector('#uploads-text')?.text).toBe('3 of 100 uploads used');
    const storage = page.querySelector('progress#storage')!;
    expect([storage.getAttribute('value'), storage.getAttribute('max')]).toEqual([String(api.storage_used_bytes), String(api.storage_limit_bytes)]);
    expect(page.querySelector('#storage-text')?.text).toBe(`${formatMegabytes(api.storage_used_bytes)} MB of 5120 MB used`);
    expect(page.text).toContain(`take ${formatMegabytes(api.variant_bytes)} MB more`);
    const resets = page.querySelectorAll('time').find((time) => time.getAttribute('datetime') === new Date(api.resets_at * 1000).toISOString());
    expect(resets?.text).toBe(new Date(api.resets_at * 1000).toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }));
    expect(page.text).toMatch(/Verified since \d+ \w+ \d{4}: your media stay until you delete them\./);

    // The same signed link quota_exceeded hands out: it opens the plan offer for this account.
    const upgrade = page.querySelector('a.button')!;
    expect(upgrade.text).toBe('Upgrade to Pro ($10/mo) for 1,000 uploads');
    const href = upgrade.getAttribute('href')!;
    const [account] = await sql<{ id: string }>(`SELECT id FROM accounts WHERE email = $1`, [user.email]);
    expect(href.startsWith(`${service.config.webBaseUrl}/upgrade/pro?t=upgrade.${account.id}&`)).toBe(true);
    const offer = await request(service.baseUrl).get(pathOf(href));
    expect([offer.status, parsePage(offer.text).text('h1')]).toEqual([200, 'Upgrade to Pro']);
    expect(offer.text).toContain(user.email);
  });

  it('follows the account: the top plan has no upgrade link, an unverified account says what it lacks', async () => {
    const user = await signInByMail(service.baseUrl, peer);
    await sql(`UPDATE accounts SET plan = 'pro' WHERE email = $1`, [user.email]);
    let page = await usagePage(user);
    expect(page.querySelector('#uploads-text')?.text).toBe('0 of 1,000 uploads used');
    expect(page.querySelector('#storage-text')?.text).toBe('0.00 MB of 10240 MB used');
    expect(page.querySelector('a.button')).toBeNull();
    expect(page.text).toContain('You are on the top plan.');

    await sql(`UPDATE accounts SET plan = 'free', verified = false, verified_at = NULL WHERE email = $1`, [user.email]);
    page = await usagePage(user);
    expect(page.text).toContain('Not verified: media uploaded with your keys are kept 30 days');
  });

  it("a session of account A shows A's usage only, never B's", async () => {
    const a = await signInByMail(service.baseUrl, peer);
    const b = await signInByMail(service.baseUrl, peer);
    const { key: bKey } = await createKeyInDashboard(service.baseUrl, b, 'b-uploader');
    await uploadReady(bKey, 120);
    const aPage = await usagePage(a);
    expect(aPage.querySelector('#uploads-text')?.text).toBe('0 of 100 uploads used');
    expect(aPage.querySelector('.who')?.text).toBe(a.email);
    expect(aPage.toString()).not.toContain(b.email);
    expect((await usagePage(b)).querySelector('#uploads-text')?.text).toBe('1 of 100 uploads used');
  });

  it('signed out (or with an altered cookie), /usage is the sign-in form', async () => {
    for (const cookie of [undefined, 'imgpro_session=not-a-session']) {
      let call = request(service.baseUrl).get('/usage');
      if (cookie) call = call.set('Cookie', cookie);
      const page = await call;
      expect([page.status, parsePage(page.text).text('h1')]).toEqual([200, 'Sign in']);
      expect(page.text).not.toContain('uploads used');
    }
  });
});
