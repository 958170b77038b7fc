import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import request from 'supertest';
import type { Browser } from 'playwright-core';
import { SIGN_IN_CONFIRM_PATH } from '@app/accounts';
import { launchChromium } from '../harness/chromium';
import { pathOf, uniqueEmail } from '../harness/api-client';
import { linkIn } from '../harness/mail-message';
import { SmtpPeer, startSmtpPeer } from '../harness/smtp-peer';
import { startTestService, TestService } from '../harness/test-service';

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
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Key approved').waitFor();
    expect((await keyed(pending.body.key)).status).toBe(200);

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(screenshots, 'keys-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(screenshots, 'keys-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.locator('tr', { hasText: 'laptop' }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('Key revoked').waitFor();
    expect((await keyed(secret)).status).toBe(401);

    await page.getByRole('button', { name: 'Switch to closed' }).click();
    await page.getByText('Agent policy is now closed.').waitFor();
    const closed = await request(service.baseUrl).post('/v1/keys').send({ email });
    expect(closed.body.error).toBe('registration_closed');
    await page.goto(closed.body.action.url.replace(service.config.webBaseUrl, service.baseUrl));
    await page.getByRole('heading', { name: 'API keys' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    await page.goto(`${service.baseUrl}/keys`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(violations).toEqual([]);
  });
});
