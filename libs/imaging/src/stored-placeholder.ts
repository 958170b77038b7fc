import { readFile } from 'node:fs/promises';
import type { StoredFormat } from '@app/formats';
import { decoding } from './decode-errors';
import { largestIcoEntry, readIcoDirectory } from './ico-directory';
import { runIsolated } from './isolated-decode';
import { type Placeholder, placeholderOf } from './placeholder';
import type { RgbaImage } from './rgba-image';
import { firstFrameSample, verifyDecodeSampling } from './verify-decode';

/**
 * The placeholder of an original already in storage (the backfill of media stored before placeholders),
 * from the same kind of sample an upload takes: a JPEG at 1/8 scale, an animation's first frame, BMP and
 * ICO through the isolated decoder. Null for SVG. Throws ImageRejectedError when the file does not decode.
 */
export async function placeholderOfStored(
  path: string,
  format: StoredFormat,
  opts: { maxPixels: number; timeoutSeconds: number },
): Promise<Placeholder | null> {
  const { maxPixels, timeoutSeconds } = opts;
  const sample = await decoding(maxPixels, () => storedSample(path, format, maxPixels, timeoutSeconds));
  return sample && placeholderOf(sample);
}

async function storedSample(path: string, format: StoredFormat, maxPixels: number, timeoutSeconds: number): Promise<RgbaImage | null> {
  switch (format) {
    case 'svg':
      return null;
    case 'bmp':
      return (await runIsolated({ kind: 'bmp', path, sample: true }, timeoutSeconds)).sample ?? null;
    case 'ico': {
      const largest = largestIcoEntry(readIcoDirectory(await readFile(path)));
      if (largest.isPng) return verifyDecodeSampling(largest.data, maxPixels, timeoutSeconds);
      return (await runIsolated({ kind: 'ico', path, maxPixels, sample: true }, timeoutSeconds)).sample ?? null;
    }
    default:
      return firstFrameSample(path, format, maxPixels, timeoutSeconds);
  }
}
