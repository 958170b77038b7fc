const LOCAL_FRAGMENT = /^#[A-Za-z_][-A-Za-z0-9_.:]*$/;
const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$/i;
// Schemes and constructs that execute code or load resources, checked after removing whitespace and
// control characters (browsers ignore those inside a scheme, e.g. "java\tscript:").
const DANGEROUS_TOKENS = /javascript:|vbscript:|livescript:|data:|expression\(|@import|-moz-binding|behavior:/;

/** A reference to an element of this same document, e.g. "#gradient1". */
export function isLocalFragment(value: string): boolean {
  return LOCAL_FRAGMENT.test(value.trim());
}

/** An embedded PNG/JPEG/GIF/WebP; nothing that could carry script (SVG, HTML). */
export function isSafeDataImage(value: string): boolean {
  return DATA_IMAGE.test(value.trim());
}

export function compact(value: string): string {
  return value.toLowerCase().replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, '');
}

/** True when the value has no script scheme and every url(…) points inside the document. */
export function isSafeAttributeValue(value: string): boolean {
  const compacted = compact(value);
  return !DANGEROUS_TOKENS.test(compacted) && urlsAreLocal(value, false);
}

/** Every url(…) in `value` must name a local fragment (or, when allowed, an embedded raster image). */
export function urlsAreLocal(value: string, allowDataImages: boolean): boolean {
  const pattern = /url\s*\(/gi;
  for (let match = pattern.exec(value); match; match = pattern.exec(value)) {
    const close = value.indexOf(')', pattern.lastIndex);
    if (close < 0) return false;
    const target = unquote(value.slice(pattern.lastIndex, close).trim());
    if (!isLocalFragment(target) && !(allowDataImages && isSafeDataImage(target))) return false;
  }
  return true;
}

function unquote(value: string): string {
  const first = value.charAt(0);
  if ((first === '"' || first === "'") && value.endsWith(first) && value.length >= 2) return value.slice(1, -1);
  return value;
}
