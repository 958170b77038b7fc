import { copyFile, readFile, stat } from 'node:fs/promises';
import { writeAtomically } from './atomic-output';
import { parseBmpHeader } from './bmp-header';
import { decodeBmpFile } from './decode-bmp-file';
import { decoding } from './decode-errors';
import type { NormalisedImage, NormaliseOptions } from './normalised-image';
import { assertWithinPixelLimit } from './pixel-limit';
import { readHead } from './read-head';

/** BMP is stored unchanged after the header is checked against maxPixels and the pixels decode. */
export async function normaliseBmp(inputPath: string, outputPath: string, opts: NormaliseOptions): Promise<NormalisedImage> {
  const header = parseBmpHeader(await readHead(inputPath));
  assertWithinPixelLimit(header.width, header.height, opts.maxPixels);
  const file = await readFile(inputPath);
  const { width, height } = await decoding(opts.maxPixels, async () => decodeBmpFile(file, header));

  await writeAtomically(outputPath, (tempPath) => copyFile(inputPath, tempPath));
  const { size } = await stat(outputPath);
  return { format: 'bmp', width, height, filesize: size, animated: false };
}
