import request from 'supertest';
import sharp from 'sharp';
import { createKey, pathOf, upload } from '../harness/api-client';
import { DashboardUser, signInByMail } from '../harness/dashboard-client';
import { parsePage } from '../harness/html-document';
import { pageAfter } from '../harness/see-other';
import { SmtpPeer, startSmtpPeer } from '../harness/smtp-peer';
import { sql } from '../harness/sql';
import { startTestService, TestService } from '../harness/test-service';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

interface Owner extends DashboardUser {
  key: string;
}

describe('the dashboard media page', () => {
  let peer: SmtpPeer;
  let service: TestService;
  let photo: Buffer;

  beforeAll(async () => {
    peer = await startSmtpPeer();
    [service, photo] = await Promise.all([startTestService({ workers: 1, storage: 'fs', env: { SMTP_URL: peer.url } }), rasterImage('jpeg', 640, 480)]);
  });
  afterAll(async () => {
    await service?.stop();
    await peer?.stop();
  });

  /** An account with an active key (its first), then signed in to the dashboard by mail. */
  const owner = async (): Promise<Owner> => {
    const { key, email } = await createKey(service.baseUrl);
    return { ...(await signInByMail(service.baseUrl, peer, email)), key };
  };
  const uploadAs = async (who: Owner, fields: Record<string, string> = {}) => {
    const answer = await upload(service.baseUrl, photo, 'photo.jpg', who.key, fields);
    expect(answer.status).toBe(201);
    return answer.body as { id: string; src: string; name: string };
  };
  const page = (who: DashboardUser | undefined, path = '/media') => {
    const req = request(service.baseUrl).get(path);
    return who ? req.set('Cookie', who.cookie) : req;
  };
  const post = (who: DashboardUser, path: string, fields: Record<string, string | undefined>) =>
    request(service.baseUrl)
      .post(path)
      .set('Cookie', who.cookie)
      .type('form')
      .send(Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)));
  /** The grid's media ids, in page order. */
  const idsOn = (html: string) => parsePage(html).root.querySelectorAll('li.tile').map((tile) => tile.id.replace(/^m-/, ''));
  const mediaRow = async (id: string) =>
    (await sql<{ status: string; is_public: boolean }>(`SELECT status, is_public FROM media WHERE id = $1`, [id]))[0];
  const thumbnail = (who: DashboardUser | undefined, id: string) => page(who, `/media/${id}/thumbnail`).buffer(true);

  it('signed out, /media is the sign-in page', async () => {
    const answer = await page(undefined);
    expect([answer.status, parsePage(answer.text).text('h1')]).toEqual([200, 'Sign in']);
  });

  it('shows the account’s media newest first as fixed-size lazy thumbnails with name, tags, visibility and expiry, under a strict CSP', async () => {
    const a = await owner();
    const first = await uploadAs(a, { name: 'Beach', tags: 'holiday,sea', namespace: 'trips', ttl: '7d' });
    const second = await uploadAs(a, { name: 'Receipt', public: 'false' });
    const answer = await page(a);
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    const csp = answer.headers['content-security-policy'];
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).not.toMatch(/unsafe-inline/);
    expect(csp).toContain(`img-src 'self' ${new URL(service.config.srcBaseUrl).origin}`);
    const root = parsePage(answer.text).root;
    expect(idsOn(answer.text)).toEqual([second.id, first.id]);

    const [privateTile, publicTile] = root.querySelectorAll('li.tile');
    const publicImage = publicTile.querySelector('.thumb img')!;
    expect(publicImage.getAttribute('src')).toBe(`${first.src}?size=s`);
    expect([publicImage.getAttribute('loading'), publicImage.getAttribute('width'), publicImage.getAttribute('height')]).toEqual(['lazy', '320', '320']);
    expect(publicTile.querySelector('h2')!.text).toBe('Beach');
    expect(publicTile.querySelectorAll('.tags a').map((tag) => [tag.text, tag.getAttribute('href')])).toEqual([
      ['holiday', '/media?tags=holiday'],
      ['sea', '/media?tags=sea'],
    ]);
    expect(publicTile.querySelector('.facts')!.text).toMatch(/^PublicExpires \d{1,2} \w{3} \d{4} · namespace trips$/);
    expect(privateTile.querySelector('.thumb img')!.getAttribute('src')).toBe(`/media/${second.id}/thumbnail`);
    expect(privateTile.querySelector('.facts')!.text).toBe('PrivatePermanent');
    expect(privateTile.querySelector('button')!.text).toBe('Make public Receipt');
    expect(publicTile.querySelector('button')!.text).toBe('Make private Beach');
    // Every form of the page carries the session's token.
    const forms = root.querySelectorAll('form[method=post]');
    expect(forms.length).toBeGreaterThan(2);
    for (const form of forms) expect(form.querySelector('input[name=csrf]')?.getAttribute('value')).toBe(a.csrf);
  });

  it('serves a private media’s thumbnail to its owner’s session only, never cached; its src stays 404', async () => {
    const a = await owner();
    const b = await owner();
    const hidden = await uploadAs(a, { public: 'false' });

    const own = await thumbnail(a, hidden.id);
    expect(own.status).toBe(200);
    expect(own.headers['cache-control']).toBe('private, no-store');
    expect(own.headers['content-type']).toBe('image/jpeg');
    const size = await sharp(own.body as Buffer).metadata();
    expect([size.width, size.height]).toEqual([427, 320]);

    for (const stranger of [undefined, b]) {
      const refused = await thumbnail(stranger, hidden.id);
      expect(refused.status).toBe(404);
      expect(refused.headers['content-type']).toMatch(/^text\/html/);
    }
    // The public address of a private media: nothing, with or without a session cookie.
    expect((await request(service.baseUrl).get(pathOf(hidden.src))).status).toBe(404);
    expect((await request(service.baseUrl).get(`${pathOf(hidden.src)}?size=s`).set('Cookie', a.cookie)).status).toBe(404);
    // Another account's public media is not served here either: this address is the owner's.
    const shown = await uploadAs(b);
    expect((await thumbnail(a, shown.id)).status).toBe(404);
  });

  it('pages through the list with cursors, newest first, and filters by tag and namespace', async () => {
    const a = await owner();
    const uploaded = [];
    for (let i = 0; i < 5; i++) uploaded.push(await uploadAs(a, { name: `n${i}`, tags: i % 2 ? 'odd' : 'even', ...(i < 2 ? { namespace: 'early' } : {}) }));
    const newestFirst = uploaded.map((media) => media.id).reverse();

    const seen: string[][] = [];
    let path: string | undefined = '/media?limit=2';
    while (path) {
      const answer = await page(a, path);
      expect(answer.status).toBe(200);
      seen.push(idsOn(answer.text));
      path = parsePage(answer.text).root.querySelector('a[rel=next]')?.getAttribute('href')?.replace(/&amp;/g, '&');
    }
    expect(seen).toEqual([newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4)]);

    const odd = await page(a, '/media?tags=odd');
    expect(idsOn(odd.text)).toEqual([uploaded[3].id, uploaded[1].id]);
    // The filter form shows what it filters by.
    expect(parsePage(odd.text).root.querySelector('input#tags')?.getAttribute('value')).toBe('odd');
    expect(idsOn((await page(a, '/media?namespace=early')).text)).toEqual([uploaded[1].id, uploaded[0].id]);
    expect(idsOn((await page(a, '/media?namespace=early&tags=even')).text)).toEqual([uploaded[0].id]);
    const none = await page(a, '/media?tags=nothing-here');
    expect([idsOn(none.text), parsePage(none.text).text('main p.muted')]).toEqual([[], 'No media match these filters.']);
    // A filtered page's next link keeps the filter.
    const next = parsePage((await page(a, '/media?tags=even&limit=1')).text).root.querySelector('a[rel=next]')!.getAttribute('href')!;
    expect(idsOn((await page(a, next.replace(/&amp;/g, '&'))).text)).toEqual([uploaded[2].id]);

    const wrong = await page(a, '/media?namespace=Not%20Valid&cursor=bogus');
    expect(wrong.status).toBe(422);
    const root = parsePage(wrong.text).root;
    expect(root.querySelector('#namespace-error')?.text).toBe('Must be lowercase alphanumeric with hyphens');
    expect(root.querySelector('input#namespace')?.getAttribute('aria-invalid')).toBe('true');
    expect(idsOn(wrong.text)).toEqual([]);
  });

  it('makes media public and private, and deletes one after a confirmation page that changes nothing', async () => {
    const a = await owner();
    const kept = await uploadAs(a, { name: 'kept', tags: 'x' });
    const doomed = await uploadAs(a, { name: 'doomed', tags: 'x' });

    // Post/Redirect/Get: each change answers 303 to the same page of the list, which says what was done.
    const madePrivate = await post(a, `/media/${kept.id}/visibility`, { csrf: a.csrf, public: 'false', tags: 'x' });
    expect([madePrivate.status, madePrivate.headers.location]).toEqual([303, `/media?tags=x&done=private&id=${kept.id}`]);
    const shownPrivate = await pageAfter(madePrivate, service.baseUrl, a.cookie);
    expect([shownPrivate.status, parsePage(shownPrivate.text).text('p.notice')]).toEqual([200, '“kept” is now private.']);
    expect(parsePage(shownPrivate.text).root.querySelector('input#tags')?.getAttribute('value')).toBe('x');
    expect(await mediaRow(kept.id)).toEqual({ status: 'ready', is_public: false });
    expect((await request(service.baseUrl).get(pathOf(kept.src))).status).toBe(404);
    expect((await post(a, `/media/${kept.id}/visibility`, { csrf: a.csrf, public: 'true' })).status).toBe(303);
    expect(await mediaRow(kept.id)).toEqual({ status: 'ready', is_public: true });
    expect((await request(service.baseUrl).get(pathOf(kept.src))).status).toBe(200);

    const deleteLink = parsePage((await page(a, '/media?tags=x')).text).root.querySelector(`#m-${doomed.id} a.danger`)!.getAttribute('href')!;
    expect(deleteLink).toBe(`/media/${doomed.id}/delete?tags=x`);
    const confirmation = await page(a, deleteLink);
    expect([confirmation.status, parsePage(confirmation.text).text('h1')]).toEqual([200, 'Delete “doomed”?']);
    const form = parsePage(confirmation.text).root.querySelector(`form[action="/media/${doomed.id}/delete"]`)!;
    expect(form.getAttribute('method')).toBe('post');
    expect(await mediaRow(doomed.id)).toEqual({ status: 'ready', is_public: true });

    const fields = Object.fromEntries(form.querySelectorAll('input').map((input) => [input.getAttribute('name')!, input.getAttribute('value')!]));
    expect(fields).toEqual({ csrf: a.csrf, tags: 'x' });
    const deleted = await post(a, `/media/${doomed.id}/delete`, fields);
    expect([deleted.status, deleted.headers.location]).toEqual([303, `/media?tags=x&done=deleted&id=${doomed.id}`]);
    const shownDeleted = await pageAfter(deleted, service.baseUrl, a.cookie);
    expect([shownDeleted.status, parsePage(shownDeleted.text).text('p.notice')]).toEqual([200, `Media ${doomed.id} was deleted.`]);
    expect(idsOn(shownDeleted.text)).toEqual([kept.id]);
    expect((await request(service.baseUrl).get(`/v1/media/${doomed.id}`).set('Authorization', `Bearer ${a.key}`)).status).toBe(404);
    expect((await request(service.baseUrl).get(pathOf(doomed.src))).status).toBe(404);
  });

  it("a session of account A changes nothing of account B's media (404 page)", async () => {
    const a = await owner();
    const b = await owner();
    const shown = await uploadAs(b);
    const hidden = await uploadAs(b, { public: 'false' });
    for (const media of [shown, hidden]) {
      expect((await page(a, `/media/${media.id}/delete`)).status).toBe(404);
      for (const [action, fields] of [
        ['visibility', { public: 'false' }],
        ['visibility', { public: 'true' }],
        ['delete', {}],
      ] as const) {
        const answer = await post(a, `/media/${media.id}/${action}`, { csrf: a.csrf, ...fields });
        expect([action, answer.status, answer.headers['content-type']]).toEqual([action, 404, expect.stringMatching(/^text\/html/)]);
      }
    }
    expect(await mediaRow(shown.id)).toEqual({ status: 'ready', is_public: true });
    expect(await mediaRow(hidden.id)).toEqual({ status: 'ready', is_public: false });
    expect(idsOn((await page(a)).text)).toEqual([]);
    // A crafted address names nothing of another account's, nor says anything of its own.
    for (const query of [`done=private&id=${hidden.id}`, `done=public&id=${shown.id}`, 'done=deleted&id=%3Cb%3Ex%3C%2Fb%3E', 'done=%3Cb%3Ex']) {
      const crafted = await page(a, `/media?${query}`);
      expect([query, crafted.status, parsePage(crafted.text).text('p.notice')]).toEqual([query, 200, undefined]);
    }
  });

  it('a form without its CSRF token, or with another session’s, changes nothing (403 page)', async () => {
    const a = await owner();
    const other = await owner();
    const media = await uploadAs(a);
    for (const [path, fields] of [
      [`/media/${media.id}/visibility`, { public: 'false' }],
      [`/media/${media.id}/delete`, {}],
    ] as const) {
      for (const csrf of [undefined, other.csrf, '']) {
        const answer = await post(a, path, { ...fields, csrf });
        expect([path, answer.status, parsePage(answer.text).text('h1')]).toEqual([path, 403, 'This form was not accepted']);
      }
    }
    // Nor does a GET change anything.
    await request(service.baseUrl).get(`/media/${media.id}/delete`).set('Cookie', a.cookie).expect(200);
    expect(await mediaRow(media.id)).toEqual({ status: 'ready', is_public: true });
  });

  it('escapes HTML in media names and tags (checked by parsing)', async () => {
    const a = await owner();
    const name = `<img src=x onerror="alert(1)">"'&</h2><script>alert(2)</script>`;
    const tag = `<b>"tag'&</b>`;
    const media = await uploadAs(a, { name, tags: `${tag},<script>` });
    for (const path of ['/media', `/media/${media.id}/delete`]) {
      const root = parsePage((await page(a, path)).text).root;
      expect(root.querySelectorAll('script')).toHaveLength(0);
      expect(root.querySelectorAll('b')).toHaveLength(0);
      expect(root.querySelectorAll('img').map((image) => image.getAttribute('src'))).toEqual([`${media.src}?size=s`]);
      expect(root.querySelector('h1')!.text).toBe(path === '/media' ? 'Media' : `Delete “${name}”?`);
    }
    const root = parsePage((await page(a)).text).root;
    expect(root.querySelector('li.tile h2')!.text).toBe(name);
    expect(root.querySelectorAll('.tags a').map((link) => link.text)).toEqual([tag.toLowerCase(), '<script>']);
    const tagLink = root.querySelector('.tags a')!.getAttribute('href')!;
    expect(new URL(tagLink.replace(/&amp;/g, '&'), 'http://x').searchParams.get('tags')).toBe(tag.toLowerCase());
  });
});
