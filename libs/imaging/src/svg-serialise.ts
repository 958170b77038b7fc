import type { SvgElement, SvgNode } from './svg-tree';

/** Writes a parsed tree back as well-formed UTF-8 XML, escaping all text and attribute values. */
export function serialiseSvg(root: SvgElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialiseNode(root)}\n`;
}

function serialiseNode(node: SvgNode): string {
  if (node.kind === 'text') return escapeText(node.text);
  const attributes = node.attributes.map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join('');
  if (node.children.length === 0) return `<${node.name}${attributes}/>`;
  return `<${node.name}${attributes}>${node.children.map(serialiseNode).join('')}</${node.name}>`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value)
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
