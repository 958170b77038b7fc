import { createHmac, timingSafeEqual } from 'crypto';

export interface SignedLinkParts {
  t: string;
  exp: number;
  sig: string;
}

/** What a signed link carries: an opaque token, its expiry and the signature over both and the path. */
function signature(secret: string, path: string, t: string, exp: number): string {
  return createHmac('sha256', secret).update(`${path}\n${t}\n${exp}`).digest('base64url');
}

/** `baseUrl + path?t&exp&sig`, valid for `ttlSeconds` from `now`. */
export function signLink(secret: string, baseUrl: string, path: string, token: string, ttlSeconds: number, now = new Date()): string {
  const exp = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const sig = signature(secret, path, token, exp);
  return `${baseUrl}${path}?${new URLSearchParams({ t: token, exp: String(exp), sig })}`;
}

export type LinkCheck = { ok: true; token: string } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

/** Checks a link's query for `path`: signature first (constant time), then expiry. */
export function checkSignedLink(secret: string, path: string, query: Record<string, unknown>, now = new Date()): LinkCheck {
  const { t, exp, sig } = query;
  if (typeof t !== 'string' || typeof exp !== 'string' || typeof sig !== 'string' || !/^\d{1,12}$/.test(exp) || !t) {
    return { ok: false, reason: 'malformed' };
  }
  const expected = Buffer.from(signature(secret, path, t, Number(exp)));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  if (Number(exp) * 1000 < now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, token: t };
}
