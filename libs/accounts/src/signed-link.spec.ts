import { checkSignedLink, LINK_PURPOSES, signLink } from './signed-link';

const SECRET = 'test-secret';
const now = new Date('2026-12-01T00:00:00Z');
const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);
const VERIFY = ['verify'] as const;

describe('signed links', () => {
  const link = signLink(SECRET, 'https://img.example', '/verify', { purpose: 'verify', subject: 'token-1' }, 7 * 86400, now);

  it('carries t (naming its purpose), exp and a base64url sig on the path', () => {
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe('https://img.example/verify');
    expect(queryOf(link)).toEqual({ t: 'verify.token-1', exp: String(now.getTime() / 1000 + 7 * 86400), sig: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
  });

  it('accepts the link it made until it expires', () => {
    expect(checkSignedLink(SECRET, '/verify', VERIFY, queryOf(link), now)).toEqual({ ok: true, purpose: 'verify', subject: 'token-1' });
    const justBefore = new Date(now.getTime() + 7 * 86400 * 1000);
    expect(checkSignedLink(SECRET, '/verify', VERIFY, queryOf(link), justBefore).ok).toBe(true);
    const after = new Date(now.getTime() + 7 * 86400 * 1000 + 1000);
    expect(checkSignedLink(SECRET, '/verify', VERIFY, queryOf(link), after)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses an altered token, expiry, path, signature or secret', () => {
    const query = queryOf(link);
    expect(checkSignedLink(SECRET, '/verify', VERIFY, { ...query, t: 'verify.token-2' }, now).ok).toBe(false);
    expect(checkSignedLink(SECRET, '/verify', VERIFY, { ...query, exp: String(Number(query.exp) + 1) }, now).ok).toBe(false);
    expect(checkSignedLink(SECRET, '/upgrade/pro', ['upgrade', 'verify'], query, now).ok).toBe(false);
    expect(checkSignedLink(SECRET, '/verify', VERIFY, { ...query, sig: query.sig.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }, now)).toEqual({ ok: false, reason: 'forged' });
    expect(checkSignedLink('other-secret', '/verify', VERIFY, query, now).ok).toBe(false);
  });

  it.each(LINK_PURPOSES.flatMap((made) => LINK_PURPOSES.filter((other) => other !== made).map((accepted) => [made, accepted])))(
    'never takes a %s link, validly signed on the same path, as a %s link',
    (made, accepted) => {
      const other = queryOf(signLink(SECRET, 'https://img.example', '/shared', { purpose: made, subject: 'acc-1' }, 60, now));
      expect(checkSignedLink(SECRET, '/shared', [accepted], other, now)).toEqual({ ok: false, reason: 'wrong_purpose' });
      // Renaming the purpose in t breaks the signature: the purpose is signed.
      expect(checkSignedLink(SECRET, '/shared', [accepted], { ...other, t: `${accepted}.acc-1` }, now)).toEqual({ ok: false, reason: 'forged' });
    },
  );

  it('refuses missing or malformed parts', () => {
    expect(checkSignedLink(SECRET, '/verify', VERIFY, {}, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkSignedLink(SECRET, '/verify', VERIFY, { ...queryOf(link), exp: 'soon' }, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkSignedLink(SECRET, '/verify', VERIFY, { ...queryOf(link), sig: ['a', 'b'] }, now)).toEqual({ ok: false, reason: 'malformed' });
  });
});
