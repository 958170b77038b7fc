import { copyFile, readFile, stat } from 'node:fs/promises';
import { writeAtomically } from './atomic-output';
import { decodeIcoFile } from './decode-ico-file';
import { decoding } from './decode-errors';
import type { NormalisedImage, NormaliseOptions } from './normalised-image';
import { verifyFullDecode } from './verify-decode';

/** ICO is stored unchanged once every image in it decodes; the largest image gives the dimensions. */
export async function normaliseIco(inputPath: string, outputPath: string, opts: NormaliseOptions): Promise<NormalisedImage> {
  const { maxPixels } = opts;
  const file = await readFile(inputPath);
  const { entries, largest } = await decoding(maxPixels, async () => decodeIcoFile(file, maxPixels));
  for (const entry of entries) {
    if (entry.isPng) await decoding(maxPixels, () => verifyFullDecode(entry.data, maxPixels));
  }

  await writeAtomically(outputPath, (tempPath) => copyFile(inputPath, tempPath));
  const { size } = await stat(outputPath);
  return { format: 'ico', width: largest.width, height: largest.height, filesize: size, animated: false };
}
