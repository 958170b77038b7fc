import { parseImportUrl } from './parse-import-url';

const INVALID = 'Must be a valid http or https URL';

describe('parseImportUrl', () => {
  it.each([
    'https://example.com/cat.png',
    'http://example.com',
    'https://example.com:8443/a/b.jpg?size=large#frag',
    'http://[2606:4700::1111]/x.png',
    'https://xn--bcher-kva.example/pic.webp',
  ])('accepts %s', (raw) => {
    const result = parseImportUrl(raw);
    expect(result.ok).toBe(true);
  });

  it.each([
    [undefined],
    [null],
    [42],
    [{ href: 'https://example.com' }],
    [''],
    ['   '],
    ['example.com/cat.png'],
    ['/relative/path.png'],
    ['ftp://example.com/cat.png'],
    ['file:///etc/passwd'],
    ['javascript:alert(1)'],
    ['data:image/png;base64,AAAA'],
    ['gopher://example.com/'],
    ['http://'],
    ['http://exa mple.com/'],
    ['http://[::1/'],
  ])('rejects %j as not an http(s) URL', (raw) => {
    expect(parseImportUrl(raw)).toEqual({ ok: false, message: INVALID });
  });

  it.each(['https://user:pass@example.com/a.png', 'https://user@example.com/a.png', 'http://:secret@example.com/'])(
    'rejects credentials in %s',
    (raw) => {
      expect(parseImportUrl(raw)).toEqual({ ok: false, message: 'Must not contain credentials' });
    },
  );

  it('accepts exactly 2048 characters and rejects 2049', () => {
    const base = 'https://example.com/';
    const exact = base + 'a'.repeat(2048 - base.length);
    expect(parseImportUrl(exact).ok).toBe(true);
    expect(parseImportUrl(exact + 'a')).toEqual({ ok: false, message: 'Must be at most 2048 characters' });
  });

  it('rejects a URL whose normalised form exceeds 2048 characters', () => {
    const raw = 'https://example.com/' + ' '.repeat(1000) + 'x'; // each inner space becomes %20
    expect(parseImportUrl(raw)).toEqual({ ok: false, message: 'Must be at most 2048 characters' });
  });

  // The WHATWG parser normalises odd IPv4 spellings; fetchToSink then refuses the canonical address.
  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://127.0.0.1./', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]'],
    ['http://[0:0:0:0:0:0:0:1]/', '[::1]'],
  ])('normalises %s to host %s', (raw, hostname) => {
    const result = parseImportUrl(raw);
    expect(result.ok && result.url.hostname).toBe(hostname);
  });
});
