import { readFile, stat } from 'node:fs/promises';
import { linkOrCopy } from '@app/storage';
import { writeAtomically } from './atomic-output';
import { assertIcoWithinPixelLimit } from './decode-ico-file';
import { decoding } from './decode-errors';
import { largestIcoEntry, readIcoDirectory } from './ico-directory';
import { runIsolated } from './isolated-decode';
import type { NormalisedImage, NormaliseOptions } from './normalised-image';
import { verifyFullDecode } from './verify-decode';

/**
 * ICO is stored unchanged once every image in it decodes; the largest image gives the dimensions.
 * All entries together must fit maxPixels before anything is decoded. DIB entries are decoded in JS,
 * so in an isolated process with a time limit; PNG entries by sharp, each distinct one once.
 */
export async function normaliseIco(inputPath: string, outputPath: string, opts: NormaliseOptions): Promise<NormalisedImage> {
  const { maxPixels, timeoutSeconds } = opts;
  const file = await readFile(inputPath);
  const entries = readIcoDirectory(file);
  assertIcoWithinPixelLimit(entries, maxPixels);
  if (entries.some((entry) => !entry.isPng)) {
    await decoding(maxPixels, () => runIsolated({ kind: 'ico', path: inputPath, maxPixels }, timeoutSeconds));
  }
  const distinctPngs = new Map(entries.filter((entry) => entry.isPng).map((entry) => [`${entry.data.byteOffset}+${entry.data.length}`, entry.data]));
  for (const png of distinctPngs.values()) {
    await decoding(maxPixels, () => verifyFullDecode(png, maxPixels, timeoutSeconds));
  }

  const largest = largestIcoEntry(entries);
  await writeAtomically(outputPath, (tempPath) => linkOrCopy(inputPath, tempPath));
  const { size } = await stat(outputPath);
  return { format: 'ico', width: largest.width, height: largest.height, filesize: size, animated: false };
}
