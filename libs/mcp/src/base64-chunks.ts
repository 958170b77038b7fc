/**
 * Base64 decoded piece by piece, exactly as `Buffer.from(text, 'base64')` decodes it whole (characters outside
 * the base64 and base64url alphabets are skipped, decoding ends at the first `=`), so an upload's bytes are
 * never held whole beside their text.
 */
const NOT_BASE64 = /[^A-Za-z0-9+/_-]/g;
const CHARS_PER_PIECE = 256 * 1024;

/** The decoded bytes, in pieces of about 192 KB. */
export function* base64Chunks(text: string): Generator<Buffer> {
  let carry = '';
  for (const piece of base64Pieces(text)) {
    const usable = carry + piece;
    const whole = usable.length - (usable.length % 4);
    if (whole) yield Buffer.from(usable.slice(0, whole), 'base64');
    carry = usable.slice(whole);
  }
  if (carry.length > 1) yield Buffer.from(carry, 'base64');
}

/** How many bytes `base64Chunks` yields, without decoding. */
export function base64DecodedLength(text: string): number {
  let chars = 0;
  for (const piece of base64Pieces(text)) chars += piece.length;
  return Math.floor(chars / 4) * 3 + Math.max(0, (chars % 4) - 1);
}

/** The text before its first `=`, in pieces holding only alphabet characters. */
function* base64Pieces(text: string): Generator<string> {
  const padding = text.indexOf('=');
  const end = padding < 0 ? text.length : padding;
  for (let start = 0; start < end; start += CHARS_PER_PIECE) {
    const piece = text.slice(start, Math.min(end, start + CHARS_PER_PIECE));
    NOT_BASE64.lastIndex = 0;
    yield NOT_BASE64.test(piece) ? piece.replace(NOT_BASE64, '') : piece;
  }
}
