import { stat } from 'node:fs/promises';
import { isAnimatableFormat } from '@app/formats';
import { linkOrCopy } from '@app/storage';
import type { Metadata, Sharp } from 'sharp';
import { writeAtomically } from './atomic-output';
import { decoding } from './decode-errors';
import type { NormalisedImage, NormaliseOptions } from './normalised-image';
import { assertGifScreenWithinPixelLimit } from './gif-screen';
import { orientFrames } from './orient-frames';
import { assertWithinPixelLimit } from './pixel-limit';
import { readHead } from './read-head';
import { readMetadata, sharp, untrustedInput } from './sharp-instance';
import { encodeAsStored, type SharpRasterFormat } from './stored-encoding';
import { verifyFullDecode, verifyJpegDecode } from './verify-decode';
import { isLosslessWebp } from './webp-lossless';

/**
 * JPEG/PNG/GIF/WebP/AVIF: kept byte-for-byte unless orientation or private metadata (EXIF/XMP/IPTC)
 * needs fixing, in which case the image is re-encoded in the same format. Either way every pixel is decoded.
 */
export async function normaliseRaster(
  inputPath: string,
  outputPath: string,
  format: SharpRasterFormat,
  opts: NormaliseOptions,
): Promise<NormalisedImage> {
  const { maxPixels, timeoutSeconds } = opts;
  const metadata = await decoding(maxPixels, () => readMetadata(inputPath));
  const pages = isAnimatableFormat(format) ? (metadata.pages ?? 1) : 1;
  assertWithinPixelLimit(metadata.width, metadata.height, maxPixels, pages);
  // sharp reports a GIF's frame size, but viewers draw its logical screen: that is the size that counts.
  if (format === 'gif') assertGifScreenWithinPixelLimit(await readHead(inputPath), maxPixels, pages);
  const animated = pages > 1;

  if (needsReencode(metadata)) {
    return writeAtomically(outputPath, async (tempPath) => {
      const image = await decoding(maxPixels, () => orientedSource(inputPath, metadata, pages, opts));
      const hints = {
        metadata,
        losslessWebp: format === 'webp' && isLosslessWebp(await readHead(inputPath)),
        animation: animated ? { loop: metadata.loop, delay: metadata.delay } : undefined,
      };
      await decoding(maxPixels, () => encodeAsStored(image.timeout({ seconds: timeoutSeconds }), format, hints).toFile(tempPath));
      return describeOutput(tempPath, format, animated, maxPixels);
    });
  }

  await decoding(maxPixels, () =>
    format === 'jpeg'
      ? verifyJpegDecode(inputPath, metadata, maxPixels, timeoutSeconds)
      : verifyFullDecode(inputPath, maxPixels, timeoutSeconds, animated),
  );
  await writeAtomically(outputPath, (tempPath) => linkOrCopy(inputPath, tempPath));
  const { size } = await stat(outputPath);
  return { format, width: metadata.width, height: metadata.height, filesize: size, animated };
}

function needsReencode(metadata: Metadata): boolean {
  return (metadata.orientation ?? 1) !== 1 || !!metadata.exif || !!metadata.xmp || !!metadata.iptc;
}

async function orientedSource(inputPath: string, metadata: Metadata, pages: number, opts: NormaliseOptions): Promise<Sharp> {
  const { maxPixels, timeoutSeconds } = opts;
  if (pages === 1) return sharp(inputPath, untrustedInput(maxPixels)).autoOrient();
  if ((metadata.orientation ?? 1) !== 1) return orientFrames(inputPath, pages, maxPixels, timeoutSeconds);
  return sharp(inputPath, untrustedInput(maxPixels, { animated: true }));
}

async function describeOutput(
  path: string,
  format: SharpRasterFormat,
  animated: boolean,
  maxPixels: number,
): Promise<NormalisedImage> {
  const written = await decoding(maxPixels, () => readMetadata(path));
  const { size } = await stat(path);
  return { format, width: written.width, height: written.height, filesize: size, animated };
}
