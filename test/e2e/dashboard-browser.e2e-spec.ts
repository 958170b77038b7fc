import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import request from 'supertest';
import sharp from 'sharp';
import type { Browser, Locator, Page, Request } from 'playwright-core';
import { SIGN_IN_CONFIRM_PATH } from '@app/accounts';
import { launchChromium } from '../harness/chromium';
import { createKey, pathOf, uniqueEmail, upload } from '../harness/api-client';
import { mailedSignInLink } from '../harness/dashboard-client';
import { eventually } from '../harness/eventually';
import { linkIn } from '../harness/mail-message';
import { SmtpPeer, startSmtpPeer } from '../harness/smtp-peer';
import { startTestService, TestService } from '../harness/test-service';
import '../harness/contract/check-supertest';

/** A photo-like picture (a two-colour gradient), so the screenshots show what a person would see. */
function picture(width: number, height: number, from: string, to: string): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">` +
    `<stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>` +
    `<rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width * 0.7}" cy="${height * 0.35}" r="${Math.min(width, height) / 6}" fill="#fff8" /></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

describe('the dashboard in Chromium', () => {
  let peer: SmtpPeer;
  let service: TestService;
  let browser: Browser;
  let screenshots: string;

  beforeAll(async () => {
    peer = await startSmtpPeer();
    [service, browser] = await Promise.all([startTestService({ workers: 1, storage: 'fs', env: { SMTP_URL: peer.url } }), launchChromium()]);
    screenshots = process.env.DASHBOARD_SCREENSHOTS ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-dashboard-')));
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await peer?.stop();
    if (screenshots && !process.env.DASHBOARD_SCREENSHOTS) await fs.rm(screenshots, { recursive: true, force: true });
  });

  // No waitForFunction: its polling evals a predicate in the page, which the page's CSP refuses; evaluate runs
  // in Playwright's own world. (The tests' tsconfig has no DOM types, hence `any`.)
  /** Every thumbnail on the page has loaded and has pixels. */
  const thumbnailsLoaded = (page: Page) =>
    eventually(
      () => page.locator('.thumb img').evaluateAll((images: any[]) => images.every((image) => image.complete && image.naturalWidth > 0)),
      10_000,
      'thumbnails not loaded',
    );
  /** The layout shift the page has had so far (Chromium's Layout Instability API). */
  const layoutShift = (page: Page) =>
    page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let sum = 0;
          new (globalThis as any).PerformanceObserver((list: any) => list.getEntries().forEach((entry: { value: number }) => (sum += entry.value))).observe({
            type: 'layout-shift',
            buffered: true,
          });
          setTimeout(() => resolve(sum), 300);
        }),
    );
  const shoot = async (page: Page, name: string) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await thumbnailsLoaded(page);
    await page.screenshot({ path: path.join(screenshots, `${name}-desktop.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await thumbnailsLoaded(page);
    // One column on a phone, nothing past the screen's edge.
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(screenshots, `${name}-phone.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  };

  /**
   * Post/Redirect/Get: the form's POST answers 303 to a page whose address says `done`, and reloading that page
   * posts nothing again (a page rendered as the POST's answer would be posted again by a reload).
   */
  const submitThenReload = async (page: Page, button: Locator, done: RegExp) => {
    const answer = page.waitForResponse((response) => response.request().method() === 'POST');
    await button.click();
    expect((await answer).status()).toBe(303);
    await page.waitForURL(done);
    const posted: string[] = [];
    const onRequest = (request: Request) => request.method() === 'POST' && posted.push(request.url());
    page.on('request', onRequest);
    await page.reload();
    page.off('request', onRequest);
    expect(posted).toEqual([]);
  };

  it('signs in by mail, creates, approves and revokes keys, closes the policy and signs out, with no CSP violation', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    const email = uniqueEmail();
    await page.goto(`${service.baseUrl}/keys`);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await page.getByText('If that address can receive mail').waitFor();
    const link = linkIn((await peer.mailTo(email)).raw, SIGN_IN_CONFIRM_PATH);
    await page.goto(`${service.baseUrl}${pathOf(link)}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();

    await page.getByLabel('Name').fill('laptop');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.locator('#secret').inputValue();
    expect(await page.getByRole('button', { name: 'Copy' }).isVisible()).toBe(true);
    const keyed = (key: string) => request(service.baseUrl).get('/v1/media').set('Authorization', `Bearer ${key}`);
    expect((await keyed(secret)).status).toBe(200);

    const pending = await request(service.baseUrl).post('/v1/keys').send({ email, name: 'agent' });
    expect((await keyed(pending.body.key)).status).toBe(403);
    await page.goto(`${service.baseUrl}/keys`);
    await submitThenReload(page, page.getByRole('button', { name: 'Approve' }), /\/keys\?done=approved$/);
    await page.getByText('Key approved').waitFor();
    expect((await keyed(pending.body.key)).status).toBe(200);

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(screenshots, 'keys-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(screenshots, 'keys-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    await submitThenReload(page, page.locator('tr', { hasText: 'laptop' }).getByRole('button', { name: 'Revoke' }), /\/keys\?done=revoked$/);
    await page.getByText('Key revoked').waitFor();
    expect((await keyed(secret)).status).toBe(401);

    await submitThenReload(page, page.getByRole('button', { name: 'Switch to closed' }), /\/keys\?done=policy-closed$/);
    await page.getByText('Agent policy is now closed.').waitFor();
    const closed = await request(service.baseUrl).post('/v1/keys').send({ email });
    expect(closed.body.error).toBe('registration_closed');
    await page.goto(closed.body.action.url.replace(service.config.webBaseUrl, service.baseUrl));
    await page.getByRole('heading', { name: 'API keys' }).waitFor();

    await submitThenReload(page, page.getByRole('button', { name: 'Sign out' }), /\/keys\?done=signed-out$/);
    await page.getByText('You are signed out.').waitFor();
    await page.goto(`${service.baseUrl}/keys`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(violations).toEqual([]);
  });

  it('browses media (public and private thumbnails), filters by tag, makes one private and deletes one after confirming, with no CSP violation', async () => {
    const { key, email } = await createKey(service.baseUrl);
    const uploads: { fields: Record<string, string>; picture: [from: string, to: string, width: number, height: number] }[] = [
      { fields: { name: 'Harbour at dawn', tags: 'holiday,sea', namespace: 'trips' }, picture: ['#0b3d91', '#f4a259', 1200, 800] },
      { fields: { name: 'Scanned receipt', public: 'false' }, picture: ['#f1f1f1', '#9aa5b1', 600, 900] },
      { fields: { name: 'Mountain lake', tags: 'holiday', ttl: '7d' }, picture: ['#1b4332', '#95d5b2', 1000, 1000] },
      { fields: { name: 'Team photo 2024 with a long name that has to wrap on a phone', tags: 'work' }, picture: ['#6a040f', '#ffba08', 900, 600] },
    ];
    const ids: Record<string, string> = {};
    for (const { fields, picture: [from, to, width, height] } of uploads) {
      const answer = await upload(service.baseUrl, await picture(width, height, from, to), 'photo.jpg', key, fields);
      expect(answer.status).toBe(201);
      ids[fields.name] = answer.body.id;
    }

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    // Signing in through the page is the dashboard-browser suite's; here the link comes from the mail directly.
    await page.goto(`${service.baseUrl}${pathOf(await mailedSignInLink(service.baseUrl, peer, email))}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Media' }).click();
    await page.getByRole('heading', { name: 'Media', level: 1 }).waitFor();

    // Newest first; every thumbnail, the private one too (from the dashboard, with the session), has pixels.
    expect(await page.locator('li.tile h2').allTextContents()).toEqual(uploads.map((media) => media.fields.name).reverse());
    await thumbnailsLoaded(page);
    expect(await page.locator(`#m-${ids['Scanned receipt']} img`).getAttribute('src')).toBe(`/media/${ids['Scanned receipt']}/thumbnail`);
    expect(await layoutShift(page)).toBe(0);
    await shoot(page, 'media');

    // Keyboard: the filter field is labelled and reachable, Enter submits it, focus is visible.
    await page.getByRole('textbox', { name: 'Tag' }).focus();
    await page.keyboard.type('holiday');
    await page.keyboard.press('Enter');
    await page.waitForURL(/tags=holiday/);
    expect(await page.locator('li.tile h2').allTextContents()).toEqual(['Mountain lake', 'Harbour at dawn']);
    await page.getByRole('button', { name: 'Filter' }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const { document, getComputedStyle } = globalThis as any;
      return { text: document.activeElement.textContent, outline: getComputedStyle(document.activeElement).outlineStyle };
    });
    expect(focused).toEqual({ text: 'Mountain lake', outline: 'solid' });

    await submitThenReload(page, page.getByRole('button', { name: 'Make private Harbour at dawn' }), /\/media\?tags=holiday&done=private&id=/);
    await page.getByText('“Harbour at dawn” is now private.').waitFor();
    expect(await page.locator(`#m-${ids['Harbour at dawn']} .badge`).textContent()).toBe('Private');
    await thumbnailsLoaded(page);
    expect((await request(service.baseUrl).get(`/v1/media/${ids['Harbour at dawn']}`)).status).toBe(404);

    await page.goto(`${service.baseUrl}/media`);
    await page.getByRole('link', { name: 'Delete Team photo 2024' }).click();
    await page.getByRole('heading', { name: /^Delete “Team photo 2024/ }).waitFor();
    await shoot(page, 'media-delete');
    expect((await request(service.baseUrl).get(`/v1/media/${ids['Team photo 2024 with a long name that has to wrap on a phone']}`)).status).toBe(200);
    await submitThenReload(page, page.getByRole('button', { name: 'Delete for good' }), /\/media\?done=deleted&id=/);
    await page.getByText('was deleted.').waitFor();
    expect(await page.locator('li.tile h2').allTextContents()).toEqual(['Mountain lake', 'Scanned receipt', 'Harbour at dawn']);
    expect((await request(service.baseUrl).get(`/v1/media/${ids['Team photo 2024 with a long name that has to wrap on a phone']}`)).status).toBe(404);
    expect(violations).toEqual([]);
  });
  it("takes an account back from a stranger who registered it first, then shows the usage, with no CSP violation", async () => {
    // The stranger's first key works at once and uploads on the account before its owner ever signs in.
    const stranger = await createKey(service.baseUrl);
    for (const [from, to] of [['#264653', '#e9c46a'], ['#5f0f40', '#fb8b24']]) {
      expect((await upload(service.baseUrl, await picture(800, 600, from, to), 'photo.jpg', stranger.key)).status).toBe(201);
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${service.baseUrl}${pathOf(await mailedSignInLink(service.baseUrl, peer, stranger.email))}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'These keys were created before you proved this address' }).waitFor();
    const row = page.locator('section.take-back tr', { hasText: stranger.keyId });
    expect(await row.locator('td').allTextContents()).toEqual(['Default', stranger.keyId, expect.stringMatching(/ UTC$/), '127.0.0.1', 'Keep Revoke']);
    await shoot(page, 'take-back');

    await submitThenReload(page, row.getByRole('button', { name: 'Revoke' }), /\/keys\?done=revoked$/);
    await page.getByText('Key revoked').waitFor();
    expect(await page.locator('section.take-back').count()).toBe(0);
    expect((await request(service.baseUrl).get('/v1/media').set('Authorization', `Bearer ${stranger.key}`)).status).toBe(401);

    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Usage' }).click();
    await page.getByRole('heading', { name: 'Usage', level: 1 }).waitFor();
    const uploads = page.getByRole('progressbar', { name: 'Uploads this month' });
    expect([await uploads.getAttribute('value'), await uploads.getAttribute('max')]).toEqual(['2', '100']);
    expect(await page.locator('#uploads-text').textContent()).toBe('2 of 100 uploads used');
    expect(await page.getByRole('progressbar', { name: 'Storage' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: /^Upgrade to Pro/ }).getAttribute('href')).toMatch(/\/upgrade\/pro\?t=upgrade\./);
    expect(await page.locator('nav a[aria-current=page]').textContent()).toBe('Usage');
    await shoot(page, 'usage');
    expect(violations).toEqual([]);
  });
});
