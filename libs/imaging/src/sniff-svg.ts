/**
 * True when the bytes open like an SVG document: optional BOM and whitespace, an optional XML
 * declaration, comments, processing instructions and a doctype, then an `<svg` root element.
 */
export function looksLikeSvg(head: Buffer): boolean {
  // latin1 maps bytes 1:1; every structural character we look for is ASCII.
  const text = head.toString('latin1');
  let at = text.startsWith('\xEF\xBB\xBF') ? 3 : 0;
  if (text.startsWith('<?xml', at) && /\s/.test(text.charAt(at + 5))) {
    at = afterTerminator(text, at, '?>');
  }
  while (at >= 0 && at < text.length) {
    at = skipWhitespace(text, at);
    if (text.startsWith('<!--', at)) at = afterTerminator(text, at + 4, '-->');
    else if (text.startsWith('<?', at)) at = afterTerminator(text, at + 2, '?>');
    else if (text.startsWith('<!DOCTYPE', at)) at = afterDoctype(text, at);
    else return /^<svg[\s/>]/.test(text.slice(at, at + 5));
  }
  return false;
}

function skipWhitespace(text: string, at: number): number {
  while (at < text.length && ' \t\r\n'.includes(text.charAt(at))) at++;
  return at;
}

function afterTerminator(text: string, from: number, terminator: string): number {
  const end = text.indexOf(terminator, from);
  return end < 0 ? -1 : end + terminator.length;
}

/** Skips `<!DOCTYPE ...>` including a bracketed internal subset and quoted literals. */
function afterDoctype(text: string, at: number): number {
  let inSubset = false;
  for (let i = at + 9; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (c === '[') inSubset = true;
    else if (c === ']') inSubset = false;
    else if (c === '>' && !inSubset) return i + 1;
  }
  return -1;
}
