import { invalidSvg } from './errors';
import {
  ALLOWED_ATTRIBUTES,
  ALLOWED_ELEMENTS,
  ANIMATION_ELEMENTS,
  DATA_IMAGE_ELEMENTS,
  HREF_ATTRIBUTES,
  HREF_REQUIRED_ELEMENTS,
} from './svg-allowlist';
import { isSafeCss } from './svg-css';
import { parseSvgDocument } from './svg-parse';
import { isLocalFragment, isSafeAttributeValue, isSafeDataImage } from './svg-references';
import { serialiseSvg } from './svg-serialise';
import { type SvgElement, type SvgNode, SvgSyntaxError } from './svg-tree';

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
const XLINK_NAMESPACE = 'http://www.w3.org/1999/xlink';

/**
 * Rebuilds an SVG from an allowlist: unknown elements go with their content, unknown attributes,
 * event handlers, script URLs and references outside the document are dropped, and the prolog
 * (doctype, entities, processing instructions, comments) is not carried over. Documents the strict
 * parser cannot read are refused with ImageRejectedError("Invalid SVG").
 */
export function sanitiseSvg(source: Buffer): string {
  let root: SvgElement;
  try {
    root = parseSvgDocument(decodeUtf8(source));
  } catch (error) {
    if (error instanceof SvgSyntaxError) throw invalidSvg();
    throw error;
  }
  const clean = cleanElement(root);
  if (!clean) throw invalidSvg();
  return serialiseSvg(withNamespaces(clean));
}

function decodeUtf8(source: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(source);
  } catch {
    throw new SvgSyntaxError('Not valid UTF-8');
  }
}

function cleanElement(element: SvgElement): SvgElement | null {
  if (!ALLOWED_ELEMENTS.has(element.name)) return null;
  if (ANIMATION_ELEMENTS.has(element.name) && !animatesSafeAttribute(element)) return null;
  if (element.name === 'style' && !isSafeCss(textOf(element))) return null;

  const attributes: SvgElement['attributes'] = [];
  let refusedHref = false;
  for (const [name, value] of element.attributes) {
    if (HREF_ATTRIBUTES.has(name)) {
      if (isAllowedHref(element.name, value)) attributes.push([name, value.trim()]);
      else refusedHref = true;
    } else if (isAllowedAttribute(name, value)) {
      attributes.push([name, value]);
    }
  }
  if (refusedHref && HREF_REQUIRED_ELEMENTS.has(element.name)) return null;

  const children: SvgNode[] = [];
  for (const child of element.children) {
    if (child.kind === 'text') children.push(child);
    else {
      const cleaned = cleanElement(child);
      if (cleaned) children.push(cleaned);
    }
  }
  return { kind: 'element', name: element.name, attributes, children };
}

function isAllowedAttribute(name: string, value: string): boolean {
  if (!ALLOWED_ATTRIBUTES.has(name)) return false; // also drops on* handlers and xmlns declarations
  return name === 'style' ? isSafeCss(value) : isSafeAttributeValue(value);
}

function isAllowedHref(elementName: string, value: string): boolean {
  return isLocalFragment(value) || (DATA_IMAGE_ELEMENTS.has(elementName) && isSafeDataImage(value));
}

/** <set attributeName="href" to="javascript:…"> and the like would smuggle values past the checks. */
function animatesSafeAttribute(element: SvgElement): boolean {
  const target = element.attributes.find(([name]) => name === 'attributeName')?.[1].trim();
  if (target === undefined) return element.name === 'animateMotion';
  return ALLOWED_ATTRIBUTES.has(target) && target !== 'style' && target !== 'attributeName';
}

function textOf(element: SvgElement): string {
  return element.children.map((child) => (child.kind === 'text' ? child.text : textOf(child))).join('');
}

/** Namespace declarations are never copied from the input; the root gets the two the output may use. */
function withNamespaces(root: SvgElement): SvgElement {
  const namespaces: Array<[string, string]> = [['xmlns', SVG_NAMESPACE]];
  if (usesXlink(root)) namespaces.push(['xmlns:xlink', XLINK_NAMESPACE]);
  return { ...root, attributes: [...namespaces, ...root.attributes] };
}

function usesXlink(element: SvgElement): boolean {
  return (
    element.attributes.some(([name]) => name.startsWith('xlink:')) ||
    element.children.some((child) => child.kind === 'element' && usesXlink(child))
  );
}
