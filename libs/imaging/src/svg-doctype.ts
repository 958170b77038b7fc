import type { Scanner } from './svg-scanner';
import { SvgSyntaxError } from './svg-tree';

const MAX_DECLARATIONS = 256;
const MAX_ENTITY_LENGTH = 1024;

/**
 * Consumes `<!DOCTYPE …>` and returns the internal entities that are safe to expand: literal text with
 * no markup and no references, so they can neither nest (billion laughs) nor pull in files (XXE).
 * External and unsafe entities are left undeclared, so a reference to one fails the parse.
 * Parameter entities are refused outright because we cannot know what they would declare.
 */
export function parseDoctype(scanner: Scanner): Map<string, string> {
  scanner.expect('<!DOCTYPE');
  if (!scanner.skipWhitespace()) throw new SvgSyntaxError('Malformed DOCTYPE');
  scanner.readName();
  const entities = new Map<string, string>();
  for (;;) {
    scanner.skipWhitespace();
    const c = scanner.peek();
    if (c === '>') break;
    if (c === '[') {
      scanner.at++;
      parseInternalSubset(scanner, entities);
    } else if (c === '"' || c === "'") scanner.readQuoted();
    else scanner.readName(); // SYSTEM / PUBLIC
  }
  scanner.expect('>');
  return entities;
}

function parseInternalSubset(scanner: Scanner, entities: Map<string, string>): void {
  const declared = new Set<string>();
  for (let declarations = 0; ; declarations++) {
    if (declarations > MAX_DECLARATIONS) throw new SvgSyntaxError('Too many DOCTYPE declarations');
    scanner.skipWhitespace();
    if (scanner.startsWith(']')) {
      scanner.at++;
      return;
    }
    if (scanner.startsWith('<!--')) scanner.skipPast('-->');
    else if (scanner.startsWith('<?')) scanner.skipPast('?>');
    else if (scanner.startsWith('<!ENTITY')) parseEntity(scanner, entities, declared);
    else if (/^<!(ELEMENT|ATTLIST|NOTATION)\s/.test(scanner.text.slice(scanner.at, scanner.at + 11))) skipDeclaration(scanner);
    else throw new SvgSyntaxError('Unsupported DOCTYPE content');
  }
}

function parseEntity(scanner: Scanner, entities: Map<string, string>, declared: Set<string>): void {
  scanner.expect('<!ENTITY');
  if (!scanner.skipWhitespace() || scanner.peek() === '%') throw new SvgSyntaxError('Parameter entities are not supported');
  const name = scanner.readName();
  // The first declaration of a name is binding in XML, whether or not we can expand it.
  const first = !declared.has(name);
  declared.add(name);
  scanner.skipWhitespace();
  const c = scanner.peek();
  if (c !== '"' && c !== "'") {
    skipDeclaration(scanner); // external entity: stays undeclared
    return;
  }
  const value = scanner.readQuoted();
  scanner.skipWhitespace();
  scanner.expect('>');
  const plain = value.length <= MAX_ENTITY_LENGTH && !/[&<%]/.test(value);
  if (plain && first) entities.set(name, value);
}

/** Skips to the closing '>' of a markup declaration, stepping over quoted literals. */
function skipDeclaration(scanner: Scanner): void {
  while (!scanner.done) {
    const c = scanner.peek();
    if (c === '"' || c === "'") scanner.readQuoted();
    else {
      scanner.at++;
      if (c === '>') return;
    }
  }
  throw new SvgSyntaxError('Unterminated DOCTYPE declaration');
}
