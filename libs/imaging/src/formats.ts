/** Formats recognised in uploads. HEIC is converted on ingest, so it is never stored. */
export type SourceFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif' | 'heic' | 'svg' | 'bmp' | 'ico';

/** Formats an original may be stored in. */
export type StoredFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif' | 'svg' | 'bmp' | 'ico';

/** Formats a delivery variant can be rendered to. */
export type OutputFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';

export interface FormatInfo {
  ext: string;
  contentType: string;
}

export const FORMAT_INFO: Record<StoredFormat, FormatInfo> = {
  jpeg: { ext: 'jpg', contentType: 'image/jpeg' },
  png: { ext: 'png', contentType: 'image/png' },
  gif: { ext: 'gif', contentType: 'image/gif' },
  webp: { ext: 'webp', contentType: 'image/webp' },
  avif: { ext: 'avif', contentType: 'image/avif' },
  svg: { ext: 'svg', contentType: 'image/svg+xml' },
  bmp: { ext: 'bmp', contentType: 'image/bmp' },
  ico: { ext: 'ico', contentType: 'image/x-icon' },
};

/** Raster formats sharp decodes natively from a path. */
export type SharpRasterFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif';

export function isAnimatableFormat(format: string): format is 'gif' | 'webp' {
  return format === 'gif' || format === 'webp';
}
