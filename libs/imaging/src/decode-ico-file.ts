import decodeIco from 'decode-ico';
import { corruptImage } from './errors';
import { type IcoEntry, largestIcoEntry, readIcoDirectory } from './ico-directory';
import { assertWithinPixelLimit } from './pixel-limit';
import type { RgbaImage } from './rgba-image';

export interface DecodedIco {
  entries: IcoEntry[];
  largest: IcoEntry;
  /** Decoded pixels of the largest entry when it is a DIB; PNG entries are left for sharp. */
  largestRgba: RgbaImage | null;
}

/** Checks every entry against maxPixels, then decodes the DIB entries with decode-ico. */
export function decodeIcoFile(file: Buffer, maxPixels: number): DecodedIco {
  const entries = readIcoDirectory(file);
  for (const entry of entries) assertWithinPixelLimit(entry.width, entry.height, maxPixels);
  const decoded = decodeIco(file);
  if (decoded.length !== entries.length) throw corruptImage();

  const largest = largestIcoEntry(entries);
  const image = decoded[entries.indexOf(largest)];
  if (image.type === 'png') return { entries, largest, largestRgba: null };
  const data = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return { entries, largest, largestRgba: { width: image.width, height: image.height, data } };
}
