import { createHash } from 'crypto';
import type { Response } from 'express';
import { sendHtmlDocument } from './html-page';

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
  sendHtmlDocument(res, status, {
    title: page.title,
    headHtml: page.headHtml,
    bodyHtml: page.bodyHtml,
    style: page.style.text,
    script: page.script?.text,
    csp: hashedPageCsp(page),
    headers: { 'Referrer-Policy': 'strict-origin-when-cross-origin' },
  });
}
