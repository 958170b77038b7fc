export interface SvgElement {
  kind: 'element';
  name: string;
  attributes: Array<[name: string, value: string]>;
  children: SvgNode[];
}

export interface SvgText {
  kind: 'text';
  text: string;
}

export type SvgNode = SvgElement | SvgText;

/** Thrown for anything the parser will not vouch for; callers turn it into "Invalid SVG". */
export class SvgSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SvgSyntaxError';
  }
}
