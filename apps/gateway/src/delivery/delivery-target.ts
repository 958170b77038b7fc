import { canonicalExtension, OutputFormat, outputFormatFor, SERVED_AS_STORED, VARIANT_SIZES, VariantSize } from '@app/formats';

/** What a `src` request asks for: the stored original, or a variant rendered from it. */
export type DeliveryTarget = { kind: 'original' } | { kind: 'variant'; size: VariantSize; format: OutputFormat };

const SIZES: ReadonlySet<string> = new Set(VARIANT_SIZES);
/** Served only as stored: SVG is never rasterised on delivery (librsvg cannot be stopped mid-render). */
const SERVED_AS_STORED_ONLY: ReadonlySet<string> = new Set(['svg']);
const AS_STORED_FORMATS: ReadonlySet<string> = new Set(SERVED_AS_STORED);

/** `?size=`: one of the presets, else ignored (a repeated or unknown value counts as absent). */
export function parseSize(value: unknown): VariantSize | undefined {
  return typeof value === 'string' && SIZES.has(value) ? (value as VariantSize) : undefined;
}

/**
 * The extension picks the format, `size` the dimensions. The original's own extension (jpeg for jpg)
 * with no size or `o` is the stored original; SVG, BMP and ICO under their own extension are always
 * served as stored. Null: nothing this URL can name (answered 404).
 */
export function deliveryTarget(stored: { format: string; ext: string }, requestedExt: string, size: VariantSize | undefined): DeliveryTarget | null {
  const ownExtension = canonicalExtension(requestedExt) === stored.ext;
  if (ownExtension && (AS_STORED_FORMATS.has(stored.format) || size === undefined || size === 'o')) return { kind: 'original' };
  const format = outputFormatFor(requestedExt);
  if (!format || SERVED_AS_STORED_ONLY.has(stored.format)) return null;
  return { kind: 'variant', size: size ?? 'o', format };
}
