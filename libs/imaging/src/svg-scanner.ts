import { SvgSyntaxError } from './svg-tree';

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const WHITESPACE = /[ \t\r\n]*/y;

/** A cursor over XML text with the few primitives the doctype and document parsers share. */
export class Scanner {
  at = 0;

  constructor(readonly text: string) {}

  get done(): boolean {
    return this.at >= this.text.length;
  }

  startsWith(literal: string): boolean {
    return this.text.startsWith(literal, this.at);
  }

  peek(): string {
    return this.text.charAt(this.at);
  }

  /** Skips whitespace; returns whether there was any. */
  skipWhitespace(): boolean {
    WHITESPACE.lastIndex = this.at;
    WHITESPACE.exec(this.text);
    const moved = WHITESPACE.lastIndex > this.at;
    this.at = WHITESPACE.lastIndex;
    return moved;
  }

  expect(literal: string): void {
    if (!this.startsWith(literal)) throw new SvgSyntaxError(`Expected "${literal}" at ${this.at}`);
    this.at += literal.length;
  }

  readName(): string {
    NAME.lastIndex = this.at;
    const match = NAME.exec(this.text);
    if (!match) throw new SvgSyntaxError(`Expected a name at ${this.at}`);
    this.at = NAME.lastIndex;
    return match[0];
  }

  /** Reads a '…' or "…" literal and returns its raw content. */
  readQuoted(): string {
    const quote = this.peek();
    if (quote !== '"' && quote !== "'") throw new SvgSyntaxError(`Expected a quoted value at ${this.at}`);
    const end = this.text.indexOf(quote, this.at + 1);
    if (end < 0) throw new SvgSyntaxError('Unterminated quoted value');
    const value = this.text.slice(this.at + 1, end);
    this.at = end + 1;
    return value;
  }

  /** Moves past the next occurrence of `terminator`, returning the text before it. */
  skipPast(terminator: string): string {
    const end = this.text.indexOf(terminator, this.at);
    if (end < 0) throw new SvgSyntaxError(`Missing "${terminator}"`);
    const skipped = this.text.slice(this.at, end);
    this.at = end + terminator.length;
    return skipped;
  }
}
