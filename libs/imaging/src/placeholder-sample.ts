import type { Sharp } from 'sharp';
import type { RgbaImage } from './rgba-image';

/** Longest side of the sample a placeholder is computed from: the most ThumbHash takes. */
export const PLACEHOLDER_SAMPLE_EDGE = 100;

/**
 * Ends a pipeline in the placeholder's sample: at most 100 px a side, 8-bit sRGB with alpha. With
 * `shrinkOnLoad`, libjpeg decodes at 1/8 scale straight from the DCT coefficients (every block is still
 * entropy-decoded, so a truncated file still fails); without it every pixel is decoded at full size, as
 * a decode that proves the file complete must.
 */
export function toPlaceholderSample(image: Sharp, shrinkOnLoad: boolean): Sharp {
  return image
    .resize({ width: PLACEHOLDER_SAMPLE_EDGE, height: PLACEHOLDER_SAMPLE_EDGE, fit: 'inside', withoutEnlargement: true, fastShrinkOnLoad: shrinkOnLoad })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw({ depth: 'uchar' });
}

export async function readSample(pipeline: Sharp): Promise<RgbaImage> {
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
