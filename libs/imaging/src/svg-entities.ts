import { SvgSyntaxError } from './svg-tree';

const PREDEFINED = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);
/** Total characters internal entities may add to a document: enough for real files, not for a bomb. */
const MAX_EXPANSION = 1_000_000;

/**
 * Resolves character and entity references. Only the five predefined entities and "plain" internal
 * entities (literal text without markup or references, collected by the doctype parser) are known;
 * any other reference makes the document unreadable for us.
 */
export class EntityResolver {
  private expanded = 0;

  constructor(private readonly declared: ReadonlyMap<string, string> = new Map()) {}

  decode(raw: string): string {
    if (!raw.includes('&')) return raw;
    return raw.replace(/&([^;&]{0,64});|&/g, (match, ref: string | undefined) => {
      if (ref === undefined) throw new SvgSyntaxError('Bare ampersand');
      return this.resolve(ref);
    });
  }

  private resolve(ref: string): string {
    if (ref.startsWith('#')) return fromCodePoint(parseCharRef(ref));
    const known = PREDEFINED.get(ref) ?? this.declared.get(ref);
    if (known === undefined) throw new SvgSyntaxError(`Unknown entity &${ref};`);
    this.expanded += known.length;
    if (this.expanded > MAX_EXPANSION) throw new SvgSyntaxError('Entity expansion limit exceeded');
    return known;
  }
}

function parseCharRef(ref: string): number {
  if (/^#x[0-9a-fA-F]{1,6}$/.test(ref)) return parseInt(ref.slice(2), 16);
  if (/^#[0-9]{1,7}$/.test(ref)) return parseInt(ref.slice(1), 10);
  return NaN;
}

function fromCodePoint(code: number): string {
  if (!isXmlChar(code)) throw new SvgSyntaxError('Invalid character reference');
  return String.fromCodePoint(code);
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}
