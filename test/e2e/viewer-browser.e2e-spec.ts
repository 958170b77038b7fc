import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { createKey, upload } from '../harness/api-client';
import { launchChromium } from '../harness/chromium';
import { startTestService, TestService } from '../harness/test-service';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

/** The viewer page as a person sees it: a real browser loads the image under the page's CSP. */
describe('viewer page in a browser', () => {
  let service: TestService;
  let browser: Browser;
  let screenshots: string;

  beforeAll(async () => {
    [service, browser] = await Promise.all([startTestService({ workers: 1 }), launchChromium()]);
    screenshots = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-viewer-'));
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    if (screenshots) await fs.rm(screenshots, { recursive: true, force: true });
  });

  it('shows the image, runs only its hashed script, and copies the link', async () => {
    const { key } = await createKey(service.baseUrl);
    const uploaded = await upload(service.baseUrl, await rasterImage('png', 320, 200), 'sunset.png', key, { name: 'Sunset <b>over</b> the bay' });
    expect(uploaded.status).toBe(201);

    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(`${service.baseUrl}/${uploaded.body.id}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);

    // No waitForFunction: its polling evals its predicate in the page, which the page's CSP (rightly) refuses
    // whenever the first check is not already true. 'load' has waited for the image; locators wait in
    // Playwright's own world. (The tests' tsconfig has no DOM types, hence `any`.)
    const image = await page.locator('#image').evaluate((img: any) => [img.complete, img.naturalWidth, img.naturalHeight]);
    expect(image).toEqual([true, 320, 200]);
    expect(await page.locator('h1').textContent()).toBe('Sunset <b>over</b> the bay');

    await page.locator('#copy').click();
    await page.locator('#copy', { hasText: 'Copied!' }).waitFor({ timeout: 5000 });
    expect(violations).toEqual([]);

    const file = path.join(screenshots, 'viewer.png');
    await page.screenshot({ path: file, fullPage: true });
    // KEEP_SCREENSHOT=<file> keeps a copy to look at; the temp folder is removed.
    if (process.env.KEEP_SCREENSHOT) await fs.copyFile(file, process.env.KEEP_SCREENSHOT);
    const shot = await sharp(file).metadata();
    expect(shot.width).toBeGreaterThan(300);
    await page.close();
  });

  it('paints the placeholder (dominant colour and ThumbHash) until the image has loaded, then takes it away', async () => {
    const { key } = await createKey(service.baseUrl);
    const red = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 200, g: 30, b: 40 } } }).png().toBuffer();
    const uploaded = await upload(service.baseUrl, red, 'red.png', key);
    expect(uploaded.body.dominant_color).toBe('#c81e28');

    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    // The image is held back until the placeholder has been looked at.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/${uploaded.body.id}.png`, async (route) => {
      await released;
      await route.continue();
    });
    await page.goto(`${service.baseUrl}/${uploaded.body.id}`, { waitUntil: 'domcontentloaded' });
    const background = () =>
      page.locator('#image').evaluate((img: any) => {
        const style = img.ownerDocument.defaultView.getComputedStyle(img);
        return { complete: img.complete && img.naturalWidth > 0, colour: style.backgroundColor, image: style.backgroundImage.slice(0, 27), height: img.getBoundingClientRect().height };
      });
    const before = await background();
    expect(before).toEqual({ complete: false, colour: 'rgb(200, 30, 40)', image: 'url("data:image/png;base64,', height: expect.any(Number) });
    expect(before.height).toBeGreaterThan(50);

    release();
    await page.locator('#image.loaded').waitFor({ timeout: 10_000 });
    expect(await background()).toEqual({ complete: true, colour: 'rgba(0, 0, 0, 0)', image: 'none', height: before.height });
    expect(violations).toEqual([]);
    await page.close();
  });
});
