import type { Response } from 'express';

/** Pages carry no script and load nothing from elsewhere: styles are inline, everything else is refused. */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** The same, for a page whose forms post back to this service (and nowhere else). */
const FORM_PAGE_CSP = PAGE_CSP.replace("form-action 'none'", "form-action 'self'");

export const PAGE_STYLE = `body{font-family:system-ui,-apple-system,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2328;line-height:1.5}
h1{font-size:1.5rem}.card{border:1px solid #d0d7de;border-radius:12px;padding:1.5rem}.muted{color:#656d76}
a.button,button{display:inline-block;background:#0969da;color:#fff;padding:.6rem 1.2rem;border-radius:8px;text-decoration:none;border:0;font:inherit;cursor:pointer}
button.secondary{background:#fff;color:#cf222e;border:1px solid #d0d7de}form{display:inline}
.take-back{background:#fff8c5;border:1px solid #d4a72c;border-radius:8px;padding:.75rem 1rem;margin:1rem 0}.take-back h2{font-size:1.1rem;margin-top:0}
@media (max-width:600px){.take-back tr:first-child{display:none}.take-back table,.take-back tbody,.take-back tr,.take-back td{display:block}
.take-back tr{border-bottom:1px solid #d4a72c;padding:.5rem 0}.take-back td{border:0;padding:.1rem 0}.take-back td[data-label]::before{content:attr(data-label) ": ";font-weight:600}}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #d0d7de}`;

export interface HtmlDocument {
  title: string;
  /** Extra `<head>` content (meta tags); escaped by the caller. */
  headHtml?: string;
  /** The whole `<body>` content; escaped by the caller. */
  bodyHtml: string;
  /** An inline `<style>`, when the page has one. */
  style?: string;
  /** An inline `<script>` at the end of the body, when the page has one. */
  script?: string;
  csp: string;
  /** Headers beyond the ones every page carries. */
  headers?: Record<string, string>;
}

/** Every page names its icon, so a browser does not ask for a `/favicon.ico` this service does not have (a console error). */
const ICON = '<link rel="icon" href="/docs/favicon-32x32.png">';

/** Every HTML page goes out this way: one document shell, the content type, its CSP, no sniffing. */
export function sendHtmlDocument(res: Response, status: number, document: HtmlDocument): void {
  const style = document.style === undefined ? '' : `<style>${document.style}</style>`;
  const script = document.script === undefined ? '' : `<script>${document.script}</script>`;
  res
    .status(status)
    .set({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': document.csp, 'X-Content-Type-Options': 'nosniff', ...document.headers })
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${document.title}</title>${ICON}${document.headHtml ?? ''}${style}</head><body>${document.bodyHtml}${script}</body></html>`);
}

/**
 * Sends a small self-contained HTML page; `bodyHtml` must already be escaped where it holds user text.
 * `withForms`: its forms may post to this service. Such pages are never cached or framed, and leak no
 * signed link through Referer.
 */
export function sendPage(res: Response, status: number, title: string, bodyHtml: string, withForms = false): void {
  sendHtmlDocument(res, status, {
    title,
    style: PAGE_STYLE,
    bodyHtml: `<main class="card">${bodyHtml}</main>`,
    csp: withForms ? FORM_PAGE_CSP : PAGE_CSP,
    headers: withForms ? { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' } : undefined,
  });
}

/** The signed link a form carried, as the query string of the page it came from. */
export function signedLinkQuery(form: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(['t', 'exp', 'sig'].map((name) => [name, String(form[name] ?? '')]));
}

/** Hidden fields that carry a signed link's `t`, `exp` and `sig` back in a form: the link is the form's credential. */
export function signedLinkFields(query: Record<string, unknown>, escape: (text: string) => string): string {
  return ['t', 'exp', 'sig'].map((name) => `<input type="hidden" name="${name}" value="${escape(String(query[name] ?? ''))}">`).join('');
}
