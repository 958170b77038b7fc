import { createHash } from 'crypto';
import type { Response } from 'express';

/** A fixed inline `<style>` or `<script>`, allowed by the CSP through its hash (computed once, when the module loads). */
export class InlineCode {
  readonly hash: string;

  constructor(readonly text: string) {
    this.hash = `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
  }
}

export interface HashedPage {
  title: string;
  /** Extra `<head>` content (meta tags); escaped by the caller. */
  headHtml?: string;
  /** The whole `<body>` content; escaped by the caller. */
  bodyHtml: string;
  style: InlineCode;
  script?: InlineCode;
  /** Origins images may come from besides this one. */
  imageOrigins?: string[];
}

/** The CSP of a hashed page: only its own style and script run, images only from the named origins. */
export function hashedPageCsp(page: Pick<HashedPage, 'style' | 'script' | 'imageOrigins'>): string {
  const images = ["'self'", ...new Set(page.imageOrigins ?? [])].join(' ');
  const script = page.script ? `; script-src ${page.script.hash}` : '';
  return `default-src 'none'; style-src ${page.style.hash}; img-src ${images}${script}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

/** Like sendPage, but no inline code runs unless its hash is in the CSP (no 'unsafe-inline'). */
export function sendHashedPage(res: Response, status: number, page: HashedPage): void {
  const script = page.script ? `<script>${page.script.text}</script>` : '';
  res
    .status(status)
    .set({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': hashedPageCsp(page), 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' })
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${page.title}</title>${page.headHtml ?? ''}<style>${page.style.text}</style></head><body>${page.bodyHtml}${script}</body></html>`);
}
