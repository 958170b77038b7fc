import type { VariantFormatName, VariantSizeName } from '@app/jobs';

/** What a `src` request asks for: the stored original, or a variant rendered from it. */
export type DeliveryTarget = { kind: 'original' } | { kind: 'variant'; size: VariantSizeName; format: VariantFormatName };

const OUTPUT_FORMATS: Readonly<Record<string, VariantFormatName>> = { jpg: 'jpeg', jpeg: 'jpeg', png: 'png', webp: 'webp', avif: 'avif', gif: 'gif' };
const SIZES: ReadonlySet<string> = new Set<VariantSizeName>(['s', 'm', 'l', 'o', 'social']);
/** Served only as stored: SVG is never rasterised on delivery (librsvg cannot be stopped mid-render). */
const SERVED_AS_STORED_ONLY: ReadonlySet<string> = new Set(['svg']);
/** Served as stored under their own extension whatever the size; other formats are rendered from them. */
const AS_STORED_FORMATS: ReadonlySet<string> = new Set(['svg', 'bmp', 'ico']);

/** `?size=`: one of the presets, else ignored (a repeated or unknown value counts as absent). */
export function parseSize(value: unknown): VariantSizeName | undefined {
  return typeof value === 'string' && SIZES.has(value) ? (value as VariantSizeName) : undefined;
}

/**
 * The extension picks the format, `size` the dimensions. The original's own extension (jpeg for jpg)
 * with no size or `o` is the stored original; SVG, BMP and ICO under their own extension are always
 * served as stored. Null: nothing this URL can name (answered 404).
 */
export function deliveryTarget(stored: { format: string; ext: string }, requestedExt: string, size: VariantSizeName | undefined): DeliveryTarget | null {
  const ownExtension = requestedExt === stored.ext || (requestedExt === 'jpeg' && stored.ext === 'jpg');
  if (ownExtension && (AS_STORED_FORMATS.has(stored.format) || size === undefined || size === 'o')) return { kind: 'original' };
  const format = OUTPUT_FORMATS[requestedExt];
  if (!format || SERVED_AS_STORED_ONLY.has(stored.format)) return null;
  return { kind: 'variant', size: size ?? 'o', format };
}
