import type { Response } from 'express';

/** Pages carry no script and load nothing from elsewhere: styles are inline, everything else is refused. */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE = `body{font-family:system-ui,-apple-system,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2328;line-height:1.5}
h1{font-size:1.5rem}.card{border:1px solid #d0d7de;border-radius:12px;padding:1.5rem}.muted{color:#656d76}
a.button{display:inline-block;background:#0969da;color:#fff;padding:.6rem 1.2rem;border-radius:8px;text-decoration:none}`;

/** Sends a small self-contained HTML page; `bodyHtml` must already be escaped where it holds user text. */
export function sendPage(res: Response, status: number, title: string, bodyHtml: string): void {
  res
    .status(status)
    .set({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP, 'X-Content-Type-Options': 'nosniff' })
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${title}</title><style>${STYLE}</style></head><body><main class="card">${bodyHtml}</main></body></html>`);
}
