/** Formats recognised in uploads. HEIC is converted on ingest, so it is never stored. */
export type SourceFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif' | 'heic' | 'svg' | 'bmp' | 'ico';

/** Formats an original may be stored in. */
export type StoredFormat = Exclude<SourceFormat, 'heic'>;

/** Formats a delivery variant can be rendered to. */
export type OutputFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';

export interface FormatInfo {
  ext: string;
  contentType: string;
}

/** The extension and content type each stored format is stored and served under. */
export const FORMAT_INFO: Readonly<Record<StoredFormat, FormatInfo>> = {
  jpeg: { ext: 'jpg', contentType: 'image/jpeg' },
  png: { ext: 'png', contentType: 'image/png' },
  gif: { ext: 'gif', contentType: 'image/gif' },
  webp: { ext: 'webp', contentType: 'image/webp' },
  avif: { ext: 'avif', contentType: 'image/avif' },
  svg: { ext: 'svg', contentType: 'image/svg+xml' },
  bmp: { ext: 'bmp', contentType: 'image/bmp' },
  ico: { ext: 'ico', contentType: 'image/x-icon' },
};

/** Every extension an original may be stored under. */
export const ORIGINAL_EXTENSIONS: readonly string[] = [...new Set(Object.values(FORMAT_INFO).map((info) => info.ext))];

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['jpeg', 'png', 'webp', 'avif', 'gif'];

/** Served as stored under their own extension whatever the size; the raster formats are rendered from them. */
export const SERVED_AS_STORED: readonly StoredFormat[] = ['svg', 'bmp', 'ico'];

/** Other spellings a `src` URL may use for a format's extension. */
const EXTENSION_ALIASES: Readonly<Record<string, string>> = { jpeg: 'jpg' };

/** The extension as stored (`jpeg` is `jpg`). */
export function canonicalExtension(ext: string): string {
  return Object.prototype.hasOwnProperty.call(EXTENSION_ALIASES, ext) ? EXTENSION_ALIASES[ext] : ext;
}

/** Every extension a variant can be asked for: each output format's own, then its aliases. */
export const OUTPUT_EXTENSIONS: readonly string[] = OUTPUT_FORMATS.flatMap((format) => {
  const ext = FORMAT_INFO[format].ext;
  return [ext, ...Object.keys(EXTENSION_ALIASES).filter((alias) => EXTENSION_ALIASES[alias] === ext)];
});

/** The output format an extension asks for, if any. */
export function outputFormatFor(ext: string): OutputFormat | undefined {
  const canonical = canonicalExtension(ext);
  return OUTPUT_FORMATS.find((format) => FORMAT_INFO[format].ext === canonical);
}

export function isAnimatableFormat(format: string): format is 'gif' | 'webp' {
  return format === 'gif' || format === 'webp';
}

export function isStoredFormat(format: string): format is StoredFormat {
  return Object.prototype.hasOwnProperty.call(FORMAT_INFO, format);
}
