import { readFile, stat, writeFile } from 'node:fs/promises';
import { isAnimatableFormat } from '@app/formats';
import { linkOrCopy } from '@app/storage';
import type { Metadata, Sharp } from 'sharp';
import { writeAtomically } from './atomic-output';
import { decoding } from './decode-errors';
import { MalformedContainerError } from './metadata/byte-ranges';
import { canStripLosslessly, stripTextMetadata } from './metadata/strip-text-metadata';
import type { NormalisedImage, NormaliseOptions } from './normalised-image';
import { assertGifScreenWithinPixelLimit } from './gif-screen';
import { orientFrames } from './orient-frames';
import { assertWithinPixelLimit } from './pixel-limit';
import { readHead } from './read-head';
import { readMetadata, sharp, untrustedInput } from './sharp-instance';
import { encodeAsStored, type SharpRasterFormat } from './stored-encoding';
import { placeholderOf } from './placeholder';
import type { RgbaImage } from './rgba-image';
import { firstFrameSample, verifyDecodeSampling, verifyFullDecode, verifyJpegDecode, verifyJpegDecodeSampling } from './verify-decode';
import { isLosslessWebp } from './webp-lossless';

/**
 * JPEG/PNG/GIF/WebP/AVIF: orientation is applied by re-encoding in the same format. Otherwise the file is
 * kept as uploaded, minus its text metadata (EXIF, XMP, IPTC, comments, text chunks: SPEC §3), which is cut
 * out of the container without touching the pixels; AVIF, which has no such surgery here, and a container
 * that cannot be walked are re-encoded instead. Either way every pixel is decoded.
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

  const reencode = () => reencodeAsStored(inputPath, outputPath, format, metadata, pages, opts);
  if (needsReencode(metadata, format)) return reencode();

  const sample = await decoding(maxPixels, () => verifyKeptImage(inputPath, format, metadata, animated, opts));
  let stripped: Buffer | null;
  try {
    stripped = stripTextMetadata(await readFile(inputPath), format);
  } catch (error) {
    if (error instanceof MalformedContainerError) return reencode();
    throw error;
  }
  await writeAtomically(outputPath, (tempPath) => (stripped ? writeFile(tempPath, stripped) : linkOrCopy(inputPath, tempPath)));
  const { size } = await stat(outputPath);
  return { format, width: metadata.width, height: metadata.height, filesize: size, animated, placeholder: sample && placeholderOf(sample) };
}

/**
 * Proves a file kept as uploaded decodes in full, and samples it for the placeholder on the way: one frame
 * in the same pass; an animation's proof decodes all its frames as one strip, so its first frame is decoded
 * once more on its own (a fraction of the whole). Null when no placeholder is asked for.
 */
async function verifyKeptImage(
  inputPath: string,
  format: SharpRasterFormat,
  size: { width: number; height: number },
  animated: boolean,
  opts: NormaliseOptions,
): Promise<RgbaImage | null> {
  const { maxPixels, timeoutSeconds, placeholders = true } = opts;
  if (format === 'jpeg') {
    if (placeholders) return verifyJpegDecodeSampling(inputPath, maxPixels, timeoutSeconds);
    await verifyJpegDecode(inputPath, size, maxPixels, timeoutSeconds);
    return null;
  }
  if (placeholders && !animated) return verifyDecodeSampling(inputPath, maxPixels, timeoutSeconds);
  await verifyFullDecode(inputPath, maxPixels, timeoutSeconds, animated);
  return placeholders ? firstFrameSample(inputPath, format, maxPixels, timeoutSeconds) : null;
}

function reencodeAsStored(
  inputPath: string,
  outputPath: string,
  format: SharpRasterFormat,
  metadata: Metadata,
  pages: number,
  opts: NormaliseOptions,
): Promise<NormalisedImage> {
  const { maxPixels, timeoutSeconds } = opts;
  const animated = pages > 1;
  return writeAtomically(outputPath, async (tempPath) => {
    const image = await decoding(maxPixels, () => orientedSource(inputPath, metadata, pages, opts));
    const hints = {
      metadata,
      losslessWebp: format === 'webp' && isLosslessWebp(await readHead(inputPath)),
      animation: animated ? { loop: metadata.loop, delay: metadata.delay } : undefined,
    };
    await decoding(maxPixels, () => encodeAsStored(image.timeout({ seconds: timeoutSeconds }), format, hints).toFile(tempPath));
    // The encoder keeps only the ICC profile; the allowlist holds for what it wrote all the same.
    const stripped = stripTextMetadata(await readFile(tempPath), format);
    if (stripped) await writeFile(tempPath, stripped);
    const written = await describeOutput(tempPath, format, animated, maxPixels);
    if (opts.placeholders === false) return written;
    // The encode's own decode cannot also hand out a sample: the written file is sampled (at 1/8 for a JPEG).
    const sample = await decoding(maxPixels, () => firstFrameSample(tempPath, format, maxPixels, timeoutSeconds));
    return { ...written, placeholder: placeholderOf(sample) };
  });
}

function needsReencode(metadata: Metadata, format: SharpRasterFormat): boolean {
  if ((metadata.orientation ?? 1) !== 1) return true;
  return !canStripLosslessly(format) && (!!metadata.exif || !!metadata.xmp || !!metadata.iptc);
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
  return { format, width: written.width, height: written.height, filesize: size, animated, placeholder: null };
}
