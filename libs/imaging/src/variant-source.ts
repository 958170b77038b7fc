import { readFile } from 'node:fs/promises';
import type { Sharp } from 'sharp';
import { isAnimatableFormat } from '@app/formats';
import { parseBmpHeader } from './bmp-header';
import { decodeBmpFile } from './decode-bmp-file';
import { decodeIcoFile } from './decode-ico-file';
import { decoding } from './decode-errors';
import { unsupportedFileType } from './errors';
import { assertWithinPixelLimit } from './pixel-limit';
import { readHead } from './read-head';
import type { RgbaImage } from './rgba-image';
import { readMetadata, sharp, untrustedInput } from './sharp-instance';
import { sniffFormat } from './sniff-format';

export interface VariantSource {
  image: Sharp;
  width: number;
  /** Height of one frame. */
  height: number;
  animated: boolean;
}

/**
 * Opens a stored original for rendering. BMP and ICO are decoded in JS (sharp has no loader for them);
 * animation is loaded only when the output can carry it.
 */
export async function openVariantSource(inputPath: string, maxPixels: number, keepAnimation: boolean): Promise<VariantSource> {
  const format = sniffFormat(await readHead(inputPath));
  if (format === 'bmp') {
    const file = await readFile(inputPath);
    const header = parseBmpHeader(file);
    assertWithinPixelLimit(header.width, header.height, maxPixels);
    return fromRgba(await decoding(maxPixels, async () => decodeBmpFile(file, header)));
  }
  if (format === 'ico') {
    const file = await readFile(inputPath);
    const { largest, largestRgba } = await decoding(maxPixels, async () => decodeIcoFile(file, maxPixels));
    if (largestRgba) return fromRgba(largestRgba);
    const image = sharp(largest.data, untrustedInput(maxPixels));
    return { image, width: largest.width, height: largest.height, animated: false };
  }
  if (format === null || format === 'heic') throw unsupportedFileType();

  const metadata = await decoding(maxPixels, () => readMetadata(inputPath));
  const pages = isAnimatableFormat(format) ? (metadata.pages ?? 1) : 1;
  const animated = keepAnimation && pages > 1;
  assertWithinPixelLimit(metadata.width, metadata.height, maxPixels, animated ? pages : 1);
  const image = sharp(inputPath, untrustedInput(maxPixels, { animated }));
  // Stored originals are already upright; orienting again is a no-op safety net for other inputs.
  if (animated) return { image, width: metadata.width, height: metadata.height, animated };
  return { image: image.autoOrient(), ...metadata.autoOrient, animated };
}

function fromRgba({ width, height, data }: RgbaImage): VariantSource {
  return { image: sharp(data, { raw: { width, height, channels: 4 } }), width, height, animated: false };
}
