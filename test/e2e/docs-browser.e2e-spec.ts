import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import request from 'supertest';
import type { Browser, Page } from 'playwright-core';
import { createKey, upload } from '../harness/api-client';
import { launchChromium } from '../harness/chromium';
import { DotSegmentInstall, makeDotSegmentInstall } from '../harness/dot-segment-install';
import { LauncherProcess, startLauncher } from '../harness/launcher-process';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every console error and uncaught exception of a page (a CSP violation is a console error too). */
function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) problems.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  return problems;
}

/**
 * The human documents in a real browser, from an install a user might have: the build and its data folder
 * both under a folder whose name starts with a dot (`~/.local/share/…`).
 */
describe('service documents in a browser, installed under a dot-segment folder', () => {
  let install: DotSegmentInstall;
  let launcher: LauncherProcess;
  let browser: Browser;

  beforeAll(async () => {
    install = await makeDotSegmentInstall();
    [launcher, browser] = await Promise.all([startLauncher({}, install), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await launcher?.cleanUp();
    await install?.remove();
  });

  it('/docs shows Swagger UI with the title and one operation per documented route, without console errors', async () => {
    const document = (await request(launcher.baseUrl).get('/openapi.json')).body;
    const documented = Object.entries<Record<string, unknown>>(document.paths)
      .flatMap(([path, item]) => Object.keys(item).filter((method) => HTTP_METHODS.includes(method)).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();

    const page = await browser.newPage();
    const problems = collectProblems(page);
    const response = await page.goto(`${launcher.baseUrl}/docs`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    await page.locator('.opblock').first().waitFor({ timeout: 15_000 });

    expect((await page.locator('.info .title').textContent())?.trim()).toContain(document.info.title);
    const shown = await page.locator('.opblock').evaluateAll((blocks: any[]) =>
      blocks.map((block) => `${block.querySelector('.opblock-summary-method').textContent} ${block.querySelector('.opblock-summary-path').getAttribute('data-path')}`),
    );
    expect(shown.sort()).toEqual(documented);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('serves the Swagger UI files with validators and a cache lifetime, answering 304 to a current copy', async () => {
    const css = await request(launcher.baseUrl).get('/docs/swagger-ui.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('public, max-age=86400');
    expect(css.headers.etag).toMatch(/^"[^"]+"$/);
    expect(css.text.length).toBeGreaterThan(1000);
    const again = await request(launcher.baseUrl).get('/docs/swagger-ui.css').set('If-None-Match', css.headers.etag);
    expect(again.status).toBe(304);
  });

  it('/api/quick-start and a viewer page render without console errors', async () => {
    const { key } = await createKey(launcher.baseUrl);
    const uploaded = await upload(launcher.baseUrl, await rasterImage('png', 64, 48), 'dot.png', key, { name: 'Dot install' });
    expect(uploaded.status).toBe(201);

    const page = await browser.newPage();
    const problems = collectProblems(page);
    expect((await page.goto(`${launcher.baseUrl}/api/quick-start`, { waitUntil: 'load' }))?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Quick start');

    expect((await page.goto(`${launcher.baseUrl}/${uploaded.body.id}`, { waitUntil: 'load' }))?.status()).toBe(200);
    const image = await page.locator('#image').evaluate((img: any) => [img.complete, img.naturalWidth, img.naturalHeight]);
    expect(image).toEqual([true, 64, 48]);
    expect(await page.locator('h1').textContent()).toBe('Dot install');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('/api/quick-start on a phone-width screen shows every command whole: long lines wrap, nothing runs off the side', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${launcher.baseUrl}/api/quick-start`, { waitUntil: 'load' });
    const screenshots = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-quick-start-'));
    const file = path.join(screenshots, 'quick-start-phone.png');
    await page.screenshot({ path: file, fullPage: true });
    // KEEP_SCREENSHOT=<file> keeps a copy to look at; the temp folder is removed.
    if (process.env.KEEP_SCREENSHOT) await fs.copyFile(file, process.env.KEEP_SCREENSHOT);
    await fs.rm(screenshots, { recursive: true, force: true });
    const blocks = await page.locator('pre').evaluateAll((pres: any[]) => pres.map((pre) => ({ text: pre.textContent, hidden: pre.scrollWidth - pre.clientWidth })));
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(block).toEqual({ text: block.text, hidden: 0 });
    const overflowing = await page.locator('body *').evaluateAll((elements: any[]) =>
      elements.filter((element) => element.getBoundingClientRect().right > 360).map((element) => element.outerHTML.slice(0, 80)),
    );
    expect(overflowing).toEqual([]);
    await page.close();
  });
});
