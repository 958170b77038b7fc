import { parse } from 'node-html-parser';
import type { MediaObject } from '../media/media-presenter';
import { listFieldsOf, listHref, mediaPageHtml, mediaPageStyle } from './media-page';
import type { DashboardSession } from './dashboard-session';

const session = { id: 's', csrf: 'token', account: { email: 'a@example.com' } } as unknown as DashboardSession;

function media(id: string, extra: Record<string, unknown> = {}): MediaObject {
  return {
    id,
    name: id,
    url: `https://example.com/${id}`,
    src: `https://i.example.com/${id.slice(0, 2)}/${id}.jpg`,
    width: 64,
    height: 48,
    filesize: 1,
    format: 'jpeg',
    tags: [],
    namespace: null,
    public: true,
    date: null,
    description: null,
    expires_at: null,
    created_at: 0,
    sha256: null,
    thumbhash: null,
    dominant_color: null,
    ...extra,
  } as MediaObject;
}

const boxes = (items: MediaObject[]) =>
  parse(mediaPageHtml(session, { tiles: items.map((item) => ({ media: item, thumbnail: `${item.src}?size=s` })), filters: {}, nextCursor: null }))
    .querySelectorAll('.thumb')
    .map((box) => box.getAttribute('class'));

describe('the media grid’s placeholder colour', () => {
  it('paints a media object’s dominant_color behind its thumbnail, as a class of the hashed stylesheet', () => {
    const items = [media('aaaaaaa1', { dominant_color: '#A0b1c2' }), media('aaaaaaa2', { dominant_color: '#a0b1c2' }), media('aaaaaaa3', { dominant_color: '#102030' })];
    expect(boxes(items)).toEqual(['thumb bg-a0b1c2', 'thumb bg-a0b1c2', 'thumb bg-102030']);
    const rules = mediaPageStyle(items).split('\n').filter((line) => line.startsWith('.bg-'));
    expect(rules).toEqual(['.bg-a0b1c2{background:#a0b1c2}', '.bg-102030{background:#102030}']);
  });

  it('leaves the neutral box when the field is absent, null (SVG) or not a colour', () => {
    const items = [media('bbbbbbb1'), media('bbbbbbb2', { dominant_color: null }), media('bbbbbbb3', { dominant_color: 'red;}body{display:none' })];
    expect(boxes(items)).toEqual(['thumb', 'thumb', 'thumb']);
    expect(mediaPageStyle(items)).not.toMatch(/\.bg-|display:none/);
  });
});

describe('the list fields an action returns to', () => {
  it('keeps only the list’s own single-valued fields, and builds the same page’s address', () => {
    const fields = listFieldsOf({ tags: 'a&b', namespace: 'ns', cursor: 'c', limit: '2', csrf: 't', public: 'true', ids: 'x', extra: ['1', '2'] });
    expect(fields).toEqual({ tags: 'a&b', namespace: 'ns', cursor: 'c', limit: '2' });
    expect(listFieldsOf({ tags: ['a', 'b'], namespace: '' })).toEqual({});
    expect(listHref({ ...fields, cursor: undefined })).toBe('/media?tags=a%26b&namespace=ns&limit=2');
    expect(listHref({})).toBe('/media');
  });
});
