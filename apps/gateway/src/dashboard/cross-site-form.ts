import type { Request } from 'express';

/**
 * Whether a browser posted this form from another site. Browsers say where a request comes from:
 * `Sec-Fetch-Site` (Chromium, Firefox, Safari 16.4+), else `Origin`, which every current browser sends with
 * a POST ("null" from a sandboxed or privacy-stripped page counts as foreign). A request with neither comes
 * from no browser, so it carries no victim's cookies and no victim's address: nothing to forge.
 */
export function isCrossSiteForm(req: Request, ownOrigins: ReadonlySet<string>): boolean {
  const site = req.headers['sec-fetch-site'];
  // `none`: the person started it (typed, bookmarked); `same-site` would trust every sibling subdomain.
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (origin === undefined || ownOrigins.has(origin)) return false;
  // The page may have been served under another name for this host than the configured ones (a test, a LAN address).
  return !URL.canParse(origin) || new URL(origin).host !== req.headers.host;
}
