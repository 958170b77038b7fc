import { createHmac, timingSafeEqual } from 'crypto';

/**
 * What a signed link is for. The purpose is the first part of the token `t`, so it is inside the signed
 * material: a link signed for one purpose can never be used as another, even on a path they share.
 */
export const LINK_PURPOSES = ['verify', 'verify-request', 'approve-key', 'sign-in', 'upgrade'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

export interface LinkToken {
  purpose: LinkPurpose;
  /** What the link is about (an account id, a key): opaque to its reader. */
  subject: string;
}

export interface SignedLinkParts {
  t: string;
  exp: number;
  sig: string;
}

function signature(secret: string, path: string, t: string, exp: number): string {
  return createHmac('sha256', secret).update(`${path}\n${t}\n${exp}`).digest('base64url');
}

/** `baseUrl + path?t&exp&sig`, valid for `ttlSeconds` from `now`. */
export function signLink(secret: string, baseUrl: string, path: string, token: LinkToken, ttlSeconds: number, now = new Date()): string {
  const t = `${token.purpose}.${token.subject}`;
  const exp = Math.floor(now.getTime() / 1000) + ttlSeconds;
  return `${baseUrl}${path}?${new URLSearchParams({ t, exp: String(exp), sig: signature(secret, path, t, exp) })}`;
}

export type LinkCheck = ({ ok: true } & LinkToken) | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'wrong_purpose' };

/**
 * Checks a link's query (`t`, `exp`, `sig`) for `path`: signature first (constant time), then expiry, then
 * that its token names one of the `purposes` this page accepts.
 */
export function checkSignedLink(
  secret: string,
  path: string,
  purposes: readonly LinkPurpose[],
  query: Record<string, unknown>,
  now = new Date(),
): LinkCheck {
  const { t, exp, sig } = query;
  if (typeof t !== 'string' || typeof exp !== 'string' || typeof sig !== 'string' || !/^\d{1,12}$/.test(exp) || !t) {
    return { ok: false, reason: 'malformed' };
  }
  const expected = Buffer.from(signature(secret, path, t, Number(exp)));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  if (Number(exp) * 1000 < now.getTime()) return { ok: false, reason: 'expired' };
  const dot = t.indexOf('.');
  const purpose = t.slice(0, dot) as LinkPurpose;
  if (dot < 0 || !purposes.includes(purpose)) return { ok: false, reason: 'wrong_purpose' };
  return { ok: true, purpose, subject: t.slice(dot + 1) };
}
