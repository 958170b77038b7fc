import { assertWithinPixelLimit } from './pixel-limit';
import type { RgbaImage } from './rgba-image';

// heic-decode accepts only these major brands; libheif itself does not care, so others are relabelled.
const MAJOR_BRANDS_ACCEPTED = new Set(['mif1', 'msf1', 'heic', 'heix', 'hevc', 'hevx']);

/**
 * Decodes one top-level image of a HEIC file (by default the first; pass the primary's index, which
 * sharp reports as `pagePrimary` in the same order) to RGBA with libheif (WASM). Its dimensions are
 * checked against maxPixels after parsing the container but before any pixels are decoded.
 */
export async function decodeHeic(file: Buffer, maxPixels: number, imageIndex = 0): Promise<RgbaImage> {
  if (!MAJOR_BRANDS_ACCEPTED.has(file.toString('latin1', 8, 12))) file.write('mif1', 8, 'latin1');
  // Loaded lazily: the WASM bundle is large and most processes never see a HEIC.
  const { all } = await import('heic-decode');
  const images = await all({ buffer: file });
  try {
    const image = images[imageIndex] ?? images[0];
    if (!image) throw new Error('HEIF file contains no image');
    assertWithinPixelLimit(image.width, image.height, maxPixels);
    const { width, height, data } = await image.decode();
    return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } finally {
    images.dispose();
  }
}
