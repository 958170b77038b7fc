import { stat } from 'node:fs/promises';
import { linkOrCopy } from '@app/storage';
import { writeAtomically } from './atomic-output';
import { parseBmpHeader } from './bmp-header';
import { decoding } from './decode-errors';
import { runIsolated } from './isolated-decode';
import type { NormalisedImage, NormaliseOptions } from './normalised-image';
import { assertWithinPixelLimit } from './pixel-limit';
import { placeholderOf } from './placeholder';
import { readHead } from './read-head';

/**
 * BMP is stored unchanged after the header is checked against maxPixels and the pixels decode. The
 * decoder is pure JS, so it runs in an isolated process with a time limit, off this event loop.
 */
export async function normaliseBmp(inputPath: string, outputPath: string, opts: NormaliseOptions): Promise<NormalisedImage> {
  const header = parseBmpHeader(await readHead(inputPath));
  assertWithinPixelLimit(header.width, header.height, opts.maxPixels);
  const placeholders = opts.placeholders !== false;
  const { width, height, sample } = await decoding(opts.maxPixels, () =>
    runIsolated({ kind: 'bmp', path: inputPath, sample: placeholders }, opts.timeoutSeconds),
  );

  await writeAtomically(outputPath, (tempPath) => linkOrCopy(inputPath, tempPath));
  const { size } = await stat(outputPath);
  return { format: 'bmp', width, height, filesize: size, animated: false, placeholder: sample ? placeholderOf(sample) : null };
}
