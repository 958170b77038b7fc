import request from 'supertest';
import { upload } from '../harness/api-client';
import { cspHashOf, parsePage } from '../harness/html-document';
import { sql } from '../harness/sql';
import { startKeyedService, TestService } from '../harness/test-service';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const HOSTILE_NAME = '<script>alert(1)</script> & "quotes"';

/** `WEB_BASE_URL/{id}`: the viewer page, its social card, and the one 404 page for what cannot be shown. */
describe('viewer page', () => {
  let service: TestService;
  let key: string;
  let image: Buffer;

  beforeAll(async () => {
    ({ service, key } = await startKeyedService({ workers: 1 }));
    image = await rasterImage('png', 120, 80);
  });
  afterAll(() => service.stop());

  const uploadNamed = async (fields: Record<string, string>) => {
    const response = await upload(service.baseUrl, image, 'card.png', key, fields);
    expect(response.status).toBe(201);
    return response.body as { id: string; src: string; url: string };
  };
  const view = (id: string) => request(service.baseUrl).get(`/${id}`);

  it('carries the Open Graph and Twitter card of the media, with every user text escaped', async () => {
    const media = await uploadNamed({ name: HOSTILE_NAME, description: 'A "card" <b>test</b>', date: '2024-05-17' });
    const response = await view(media.id);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const page = parsePage(response.text);

    expect(page.meta('og:image')).toBe(media.src);
    expect(page.meta('og:image:width')).toBe('120');
    expect(page.meta('og:image:height')).toBe('80');
    expect(page.meta('og:title')).toBe(HOSTILE_NAME);
    expect(page.meta('og:url')).toBe(media.url);
    expect(page.meta('og:description')).toBe('A "card" <b>test</b>');
    expect(page.meta('twitter:card')).toBe('summary_large_image');
    expect(page.meta('twitter:image')).toBe(media.src);
    expect(page.text('title')).toBe(HOSTILE_NAME);
    expect(page.text('h1')).toBe(HOSTILE_NAME);
    expect(page.root.querySelector('img')!.getAttribute('src')).toBe(media.src);
    expect(page.root.querySelector('img')!.getAttribute('alt')).toBe(HOSTILE_NAME);
    expect(page.root.querySelector('time')!.getAttribute('datetime')).toBe('2024-05-17T00:00:00.000Z');
    expect(page.root.querySelector('input#link')!.getAttribute('value')).toBe(media.url);
    expect(page.root.querySelector('button#copy')).not.toBeNull();

    // The name never becomes markup: no element came out of it, and the raw text is not in the page.
    expect(response.text).not.toContain('<script>alert');
    expect(response.text).not.toContain('<b>test');
    expect(page.root.querySelectorAll('b')).toHaveLength(0);
  });

  it('allows no inline code but its own, by hash, and images only from the delivery host', async () => {
    const media = await uploadNamed({ name: 'plain' });
    const response = await view(media.id);
    const csp: string = response.headers['content-security-policy'];
    const page = parsePage(response.text);
    const scripts = page.root.querySelectorAll('script');
    expect(scripts).toHaveLength(1);
    expect(scripts[0].getAttribute('src')).toBeUndefined();
    expect(csp).toMatch(/^default-src 'none';/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`script-src ${cspHashOf(scripts[0].rawText)}`);
    expect(csp).toContain(`style-src ${cspHashOf(page.root.querySelector('style')!.rawText)}`);
    expect(csp).toContain(`img-src 'self' ${new URL(media.src).origin}`);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers one friendly 404 page for private, deleted, expired and unknown media, even to the owner', async () => {
    const hidden = await uploadNamed({ name: 'secret-name', public: 'false' });
    const deleted = await uploadNamed({ name: 'deleted-name' });
    // The state a delete leaves while its objects are removed (the delete itself is media management's to test).
    await sql(`UPDATE media SET status = 'deleted' WHERE id = $1`, [deleted.id]);
    const expired = await uploadNamed({ name: 'expired-name' });
    await sql(`UPDATE media SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.id]);

    const pages = await Promise.all([
      view(hidden.id).set('Authorization', `Bearer ${key}`),
      view(deleted.id),
      view(expired.id),
      view('zzzzzzzz'),
    ]);
    for (const response of pages) {
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(parsePage(response.text).text('h1')).toBe("This image isn't here");
      expect(response.text).not.toMatch(/secret-name|deleted-name|expired-name/);
    }
  });

  it('leaves the service routes and non-id paths alone', async () => {
    expect((await request(service.baseUrl).get('/health')).body).toEqual({ status: 'ok' });
    const metrics = await request(service.baseUrl).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    for (const path of ['/Abcdefgh', '/abcdefghi', '/abc', '/abcdefg.']) {
      const response = await request(service.baseUrl).get(path);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: 'not_found', message: 'Not found' });
    }
  });
});
