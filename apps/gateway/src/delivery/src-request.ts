import { parse as parseQuery } from 'querystring';
import { srcSegment } from '../media/media-presenter';

/** What a `src` request line names: `/{seg}/{id}.{ext}` and the raw `size` query value. */
export interface SrcRequest {
  id: string;
  ext: string;
  size: unknown;
}

// `/xx/xxxxxxxx.` is 14 characters; the extension is 2 to 5.
const ID_START = 4;
const ID_END = 12;
const EXT_START = 13;

/**
 * `/{seg}/{id}.{ext}` with `seg` the id's own segment, all of it `[a-z0-9]` and without percent-escapes (those
 * go the long way), else null; `size` as `querystring` reads it (a repeated one is an array). Read by hand, not
 * with a regular expression and a query parser: it runs on every image request before anything else.
 */
export function parseSrcRequest(url: string): SrcRequest | null {
  const queryAt = url.indexOf('?');
  const pathEnd = queryAt < 0 ? url.length : queryAt;
  if (pathEnd < EXT_START + 2 || pathEnd > EXT_START + 5) return null;
  if (url.charCodeAt(0) !== SLASH || url.charCodeAt(3) !== SLASH || url.charCodeAt(ID_END) !== DOT) return null;
  if (!lowerAlphanumeric(url, 1, 3) || !lowerAlphanumeric(url, ID_START, ID_END) || !lowerAlphanumeric(url, EXT_START, pathEnd)) return null;
  const id = url.slice(ID_START, ID_END);
  if (url.slice(1, 3) !== srcSegment(id)) return null;
  return { id, ext: url.slice(EXT_START, pathEnd), size: queryAt < 0 ? undefined : sizeOf(url.slice(queryAt + 1)) };
}

const SLASH = 0x2f;
const DOT = 0x2e;
const AMPERSAND = 0x26;
const PERCENT = 0x25;
const PLUS = 0x2b;

function lowerAlphanumeric(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39))) return false;
  }
  return true;
}

/** A lone `size=value` without escapes is read as is; anything else (several pairs, `%`, `+`) by `querystring`. */
function sizeOf(query: string): unknown {
  if (query.startsWith('size=') && plainValue(query)) return query.slice(5);
  return parseQuery(query).size;
}

function plainValue(query: string): boolean {
  for (let i = 5; i < query.length; i++) {
    const c = query.charCodeAt(i);
    if (c === AMPERSAND || c === PERCENT || c === PLUS) return false;
  }
  return true;
}
