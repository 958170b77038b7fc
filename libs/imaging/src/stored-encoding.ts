import type { Metadata, Sharp } from 'sharp';

/** Raster formats sharp decodes natively from a path. */
export type SharpRasterFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif';

export interface StoredEncodingHints {
  /** Source metadata, to keep the encoding close to what was uploaded. */
  metadata: Metadata;
  losslessWebp: boolean;
  /** Set when frames were re-assembled, so timing must be passed explicitly. */
  animation?: { loop?: number; delay?: number[] };
}

/** Re-encodes in the source's own format at high quality, keeping only the ICC profile. */
export function encodeAsStored(image: Sharp, format: SharpRasterFormat, hints: StoredEncodingHints): Sharp {
  const { metadata, losslessWebp, animation = {} } = hints;
  const kept = image.keepIccProfile();
  switch (format) {
    case 'jpeg':
      return kept.jpeg({
        quality: 90,
        mozjpeg: false,
        progressive: metadata.isProgressive,
        chromaSubsampling: metadata.chromaSubsampling === '4:4:4' ? '4:4:4' : '4:2:0',
      });
    case 'png':
      // An exact palette of ≤256 colours re-quantises losslessly at quality 100.
      return metadata.isPalette ? kept.png({ palette: true, quality: 100, colours: 256, dither: 0 }) : kept.png();
    case 'webp':
      return kept.webp(losslessWebp ? { lossless: true, ...animation } : { quality: 90, ...animation });
    case 'avif':
      return kept.avif({ quality: 60 });
    case 'gif':
      return kept.gif({ ...animation });
  }
}
