import decodeIco from 'decode-ico';
import { corruptImage, ImageRejectedError } from './errors';
import { type IcoEntry, largestIcoEntry, readIcoDirectory } from './ico-directory';
import { assertWithinPixelLimit } from './pixel-limit';
import type { RgbaImage } from './rgba-image';

export interface DecodedIco {
  entries: IcoEntry[];
  largest: IcoEntry;
  /** Decoded pixels of the largest entry when it is a DIB; PNG entries are left for sharp. */
  largestRgba: RgbaImage | null;
}

/** Checks the entries against maxPixels (each, and all together), then decodes the DIB entries with decode-ico. */
export function decodeIcoFile(file: Buffer, maxPixels: number): DecodedIco {
  const entries = readIcoDirectory(file);
  assertIcoWithinPixelLimit(entries, maxPixels);
  const decoded = decodeIco(file);
  if (decoded.length !== entries.length) throw corruptImage();

  const largest = largestIcoEntry(entries);
  const image = decoded[entries.indexOf(largest)];
  if (image.type === 'png') return { entries, largest, largestRgba: null };
  const data = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return { entries, largest, largestRgba: { width: image.width, height: image.height, data } };
}

/**
 * decode-ico decodes every entry, and entries may all point at the same bytes, so the limit holds for
 * the sum: eight directory entries naming one 4096² DIB are 134 Mpx of decoding, not 16.
 */
export function assertIcoWithinPixelLimit(entries: IcoEntry[], maxPixels: number): void {
  for (const entry of entries) assertWithinPixelLimit(entry.width, entry.height, maxPixels);
  const total = entries.reduce((sum, entry) => sum + entry.width * entry.height, 0);
  if (total <= maxPixels) return;
  throw new ImageRejectedError(`Icon images total ${total} pixels, exceeding the limit of ${maxPixels} pixels`, 'too_large');
}
