import { readFile, stat } from 'node:fs/promises';
import { writeAtomically } from './atomic-output';
import { decodeHeic } from './decode-heic';
import { decoding } from './decode-errors';
import type { NormalisedImage, NormaliseOptions } from './normalised-image';
import { assertWithinPixelLimit } from './pixel-limit';
import { placeholderOf } from './placeholder';
import { readSample, toPlaceholderSample } from './placeholder-sample';
import type { RgbaImage } from './rgba-image';
import { readMetadata, sharp } from './sharp-instance';
import type { Sharp } from 'sharp';

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
      flattened(rgba, maxPixels)
        .timeout({ seconds: timeoutSeconds })
        .jpeg({ quality: 90, mozjpeg: false })
        .toFile(tempPath),
    );
    const { size } = await stat(tempPath);
    // The decoded pixels are at hand: the sample costs a shrink of them, not another decode.
    const sample = opts.placeholders === false ? null : await readSample(toPlaceholderSample(flattened(rgba, maxPixels), false));
    return { format: 'jpeg', width: info.width, height: info.height, filesize: size, animated: false, placeholder: sample && placeholderOf(sample) };
  });
}

/** What is stored: the pixels on white (JPEG has no alpha). */
function flattened(rgba: RgbaImage, maxPixels: number): Sharp {
  return sharp(rgba.data, { raw: { width: rgba.width, height: rgba.height, channels: 4 }, limitInputPixels: maxPixels }).flatten({ background: '#ffffff' });
}
