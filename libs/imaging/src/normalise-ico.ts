import { readFile, stat } from 'node:fs/promises';
import { linkOrCopy } from '@app/storage';
import { writeAtomically } from './atomic-output';
import { assertIcoWithinPixelLimit } from './decode-ico-file';
import { decoding } from './decode-errors';
import { largestIcoEntry, readIcoDirectory } from './ico-directory';
import { runIsolated } from './isolated-decode';
import type { NormalisedImage, NormaliseOptions } from './normalised-image';
import { placeholderOf } from './placeholder';
import type { RgbaImage } from './rgba-image';
import { verifyDecodeSampling, verifyFullDecode } from './verify-decode';

/**
 * ICO is stored unchanged once every image in it decodes; the largest image gives the dimensions.
 * All entries together must fit maxPixels before anything is decoded. DIB entries are decoded in JS,
 * so in an isolated process with a time limit; PNG entries by sharp, each distinct one once.
 */
export async function normaliseIco(inputPath: string, outputPath: string, opts: NormaliseOptions): Promise<NormalisedImage> {
  const { maxPixels, timeoutSeconds, placeholders = true } = opts;
  const file = await readFile(inputPath);
  const entries = readIcoDirectory(file);
  assertIcoWithinPixelLimit(entries, maxPixels);
  const largest = largestIcoEntry(entries);
  let sample: RgbaImage | undefined;
  if (entries.some((entry) => !entry.isPng)) {
    const task = { kind: 'ico' as const, path: inputPath, maxPixels, sample: placeholders };
    ({ sample } = await decoding(maxPixels, () => runIsolated(task, timeoutSeconds)));
  }
  const where = (data: Buffer) => `${data.byteOffset}+${data.length}`;
  const distinctPngs = new Map(entries.filter((entry) => entry.isPng).map((entry) => [where(entry.data), entry.data]));
  for (const [at, png] of distinctPngs) {
    // The largest image's proof also gives the placeholder's sample when it is a PNG.
    if (placeholders && at === where(largest.data)) sample = await decoding(maxPixels, () => verifyDecodeSampling(png, maxPixels, timeoutSeconds));
    else await decoding(maxPixels, () => verifyFullDecode(png, maxPixels, timeoutSeconds));
  }

  await writeAtomically(outputPath, (tempPath) => linkOrCopy(inputPath, tempPath));
  const { size } = await stat(outputPath);
  return { format: 'ico', width: largest.width, height: largest.height, filesize: size, animated: false, placeholder: sample ? placeholderOf(sample) : null };
}
