import { checkSignedLink, signLink } from './signed-link';

const SECRET = 'test-secret';
const now = new Date('2026-12-01T00:00:00Z');
const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);

describe('signed links', () => {
  const link = signLink(SECRET, 'https://img.example', '/verify', 'token-1', 7 * 86400, now);

  it('carries t, exp and a base64url sig on the path', () => {
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe('https://img.example/verify');
    expect(queryOf(link)).toEqual({ t: 'token-1', exp: String(now.getTime() / 1000 + 7 * 86400), sig: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
  });

  it('accepts the link it made until it expires', () => {
    expect(checkSignedLink(SECRET, '/verify', queryOf(link), now)).toEqual({ ok: true, token: 'token-1' });
    const justBefore = new Date(now.getTime() + 7 * 86400 * 1000);
    expect(checkSignedLink(SECRET, '/verify', queryOf(link), justBefore).ok).toBe(true);
    const after = new Date(now.getTime() + 7 * 86400 * 1000 + 1000);
    expect(checkSignedLink(SECRET, '/verify', queryOf(link), after)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses an altered token, expiry, path, signature or secret', () => {
    const query = queryOf(link);
    expect(checkSignedLink(SECRET, '/verify', { ...query, t: 'token-2' }, now).ok).toBe(false);
    expect(checkSignedLink(SECRET, '/verify', { ...query, exp: String(Number(query.exp) + 1) }, now).ok).toBe(false);
    expect(checkSignedLink(SECRET, '/upgrade/pro', query, now).ok).toBe(false);
    expect(checkSignedLink(SECRET, '/verify', { ...query, sig: query.sig.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }, now)).toEqual({ ok: false, reason: 'forged' });
    expect(checkSignedLink('other-secret', '/verify', query, now).ok).toBe(false);
  });

  it('refuses missing or malformed parts', () => {
    expect(checkSignedLink(SECRET, '/verify', {}, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkSignedLink(SECRET, '/verify', { ...queryOf(link), exp: 'soon' }, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkSignedLink(SECRET, '/verify', { ...queryOf(link), sig: ['a', 'b'] }, now)).toEqual({ ok: false, reason: 'malformed' });
  });
});
