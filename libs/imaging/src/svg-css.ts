import { compact, urlsAreLocal } from './svg-references';

// Resource-loading or script-capable CSS, checked on whitespace-free lowercase text.
const DANGEROUS_CSS = new RegExp(
  [
    '@import',
    'expression\\(',
    'javascript:',
    'vbscript:',
    '-moz-binding',
    'behavior:',
    'image-set\\(',
    '(^|[^-a-z])(image|src)\\(', // image() and src() load resources; url() is checked separately
  ].join('|'),
);

/**
 * Conservative check for a <style> sheet or a style="" attribute. Rather than rewrite CSS, unsafe
 * CSS is rejected whole: backslash escapes (which can spell "url" or "import" in disguise), anything
 * that imports, binds or runs code, and url(…) pointing outside the document.
 */
export function isSafeCss(css: string): boolean {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, ' ');
  if (withoutComments.includes('/*')) return false;
  if (/[\\<]/.test(withoutComments)) return false;
  if (DANGEROUS_CSS.test(compact(withoutComments))) return false;
  return urlsAreLocal(withoutComments, true);
}
