import { parseDoctype } from './svg-doctype';
import { EntityResolver } from './svg-entities';
import { Scanner } from './svg-scanner';
import { type SvgElement, type SvgNode, SvgSyntaxError } from './svg-tree';

const MAX_DEPTH = 256;
// XML 1.0 forbids these raw; browsers and librsvg would reject or mangle them.
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/**
 * A deliberately strict XML parser for SVG documents. It accepts well-formed XML only (quoted
 * attributes, matched tags, no duplicate attributes) and throws SvgSyntaxError on anything else,
 * so the sanitiser never has to guess how a browser would read an ambiguous document.
 * Comments, processing instructions and the doctype are consumed and not represented.
 */
export function parseSvgDocument(text: string): SvgElement {
  if (FORBIDDEN_CHARACTERS.test(text)) throw new SvgSyntaxError('Forbidden character');
  const scanner = new Scanner(text);
  if (scanner.startsWith('\uFEFF')) scanner.at++;
  if (/^<\?xml[ \t\r\n]/.test(text.slice(scanner.at, scanner.at + 6))) scanner.skipPast('?>');

  let entities: Map<string, string> | undefined;
  for (;;) {
    scanner.skipWhitespace();
    if (skipMisc(scanner)) continue;
    if (scanner.startsWith('<!DOCTYPE') && !entities) entities = parseDoctype(scanner);
    else if (scanner.startsWith('<') && !scanner.startsWith('<!')) break;
    else throw new SvgSyntaxError('Unexpected content before the root element');
  }

  const root = new DocumentParser(scanner, new EntityResolver(entities)).element(0);
  if (root.name !== 'svg') throw new SvgSyntaxError('Root element is not <svg>');
  for (;;) {
    scanner.skipWhitespace();
    if (scanner.done) return root;
    if (!skipMisc(scanner)) throw new SvgSyntaxError('Unexpected content after the root element');
  }
}

/** Comments and processing instructions may appear anywhere outside tags; they are dropped. */
function skipMisc(scanner: Scanner): boolean {
  if (scanner.startsWith('<!--')) {
    scanner.at += 4;
    scanner.skipPast('-->');
    return true;
  }
  if (scanner.startsWith('<?')) {
    scanner.at += 2;
    const target = scanner.text.slice(scanner.at, scanner.at + 4);
    if (/^xml[ \t\r\n?]/i.test(target)) throw new SvgSyntaxError('Misplaced XML declaration');
    scanner.skipPast('?>');
    return true;
  }
  return false;
}

class DocumentParser {
  constructor(
    private readonly scanner: Scanner,
    private readonly entities: EntityResolver,
  ) {}

  element(depth: number): SvgElement {
    if (depth > MAX_DEPTH) throw new SvgSyntaxError('Document nests too deeply');
    const s = this.scanner;
    s.expect('<');
    const element: SvgElement = { kind: 'element', name: s.readName(), attributes: [], children: [] };
    if (this.attributes(element)) return element;

    for (;;) {
      if (s.startsWith('</')) {
        s.at += 2;
        if (s.readName() !== element.name) throw new SvgSyntaxError(`Mismatched end tag for <${element.name}>`);
        s.skipWhitespace();
        s.expect('>');
        return element;
      }
      if (skipMisc(s)) continue;
      if (s.startsWith('<![CDATA[')) {
        s.at += 9;
        appendText(element, s.skipPast(']]>'));
      } else if (s.startsWith('<!')) throw new SvgSyntaxError('Markup declaration inside the document');
      else if (s.startsWith('<')) element.children.push(this.element(depth + 1));
      else if (s.done) throw new SvgSyntaxError(`Unclosed <${element.name}>`);
      else appendText(element, this.text());
    }
  }

  /** Parses attributes up to the end of the start tag; returns true for a self-closing tag. */
  private attributes(element: SvgElement): boolean {
    const s = this.scanner;
    const seen = new Set<string>();
    for (;;) {
      const spaced = s.skipWhitespace();
      if (s.startsWith('/>')) {
        s.at += 2;
        return true;
      }
      if (s.startsWith('>')) {
        s.at += 1;
        return false;
      }
      if (!spaced) throw new SvgSyntaxError('Attributes must be separated by whitespace');
      const name = s.readName();
      if (seen.has(name)) throw new SvgSyntaxError(`Duplicate attribute ${name}`);
      seen.add(name);
      s.skipWhitespace();
      s.expect('=');
      s.skipWhitespace();
      const raw = s.readQuoted();
      if (raw.includes('<')) throw new SvgSyntaxError('"<" in attribute value');
      // XML attribute-value normalisation: literal whitespace characters become spaces.
      element.attributes.push([name, this.entities.decode(raw.replace(/[\t\r\n]/g, ' '))]);
    }
  }

  private text(): string {
    const s = this.scanner;
    const end = s.text.indexOf('<', s.at);
    if (end < 0) throw new SvgSyntaxError('Unexpected end of document');
    const raw = s.text.slice(s.at, end);
    if (raw.includes(']]>')) throw new SvgSyntaxError('"]]>" in text');
    s.at = end;
    return this.entities.decode(raw);
  }
}

function appendText(element: SvgElement, text: string): void {
  const last = element.children[element.children.length - 1];
  if (last?.kind === 'text') last.text += text;
  else element.children.push({ kind: 'text', text } satisfies SvgNode);
}
