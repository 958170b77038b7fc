import { createHash } from 'crypto';
import { HTMLElement, parse } from 'node-html-parser';

/** An HTML answer parsed as a browser would read its head: meta tags by property/name, scripts, CSP. */
export interface ParsedPage {
  root: HTMLElement;
  meta(key: string): string | undefined;
  text(selector: string): string | undefined;
}

export function parsePage(html: string): ParsedPage {
  const root = parse(html);
  return {
    root,
    meta: (key) => {
      const tag = root.querySelectorAll('meta').find((element) => element.getAttribute('property') === key || element.getAttribute('name') === key);
      return tag?.getAttribute('content');
    },
    text: (selector) => root.querySelector(selector)?.text,
  };
}

/** The CSP source expression that allows an inline element with exactly this text. */
export function cspHashOf(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}
