import { readFile, stat } from 'node:fs/promises';
import { writeAtomically } from './atomic-output';
import { decodeHeic } from './decode-heic';
import { decoding } from './decode-errors';
import type { NormalisedImage, NormaliseOptions } from './normalised-image';
import { assertWithinPixelLimit } from './pixel-limit';
import { readMetadata, sharp } from './sharp-instance';

/**
 * HEIC is decoded with libheif (sharp's prebuilt binaries carry no HEVC decoder) and stored as JPEG.
 * The whole file is read into memory; the decoded pixels are bounded by maxPixels.
 */
export async function normaliseHeic(inputPath: string, outputPath: string, opts: NormaliseOptions): Promise<NormalisedImage> {
  const { maxPixels, timeoutSeconds } = opts;
  // sharp can parse the HEIF container without decoding, so the limit is checked before reading the file.
  const header = await decoding(maxPixels, () => readMetadata(inputPath));
  assertWithinPixelLimit(header.width, header.height, maxPixels);

  const rgba = await decoding(maxPixels, async () => decodeHeic(await readFile(inputPath), maxPixels, header.pagePrimary));
  return writeAtomically(outputPath, async (tempPath) => {
    const info = await decoding(maxPixels, () =>
      sharp(rgba.data, { raw: { width: rgba.width, height: rgba.height, channels: 4 }, limitInputPixels: maxPixels })
        .timeout({ seconds: timeoutSeconds })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 90, mozjpeg: false })
        .toFile(tempPath),
    );
    const { size } = await stat(tempPath);
    return { format: 'jpeg', width: info.width, height: info.height, filesize: size, animated: false };
  });
}
