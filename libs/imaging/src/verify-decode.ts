import { readSample, toPlaceholderSample } from './placeholder-sample';
import type { RgbaImage } from './rgba-image';
import { sharp, untrustedInput } from './sharp-instance';

/** libjpeg decodes straight to 1/8 of the size from the DCT coefficients (no inverse DCT at full size). */
const JPEG_DCT_SCALE = 8;

/**
 * Decodes every pixel (every frame when animated) and discards the result, proving the file is complete.
 * One band to a buffer measured cheapest: 12 MP JPEG ≈ 85 ms vs ≈150 ms for full raw and ≈230 ms for stats().
 */
export async function verifyFullDecode(
  input: string | Buffer,
  maxPixels: number,
  timeoutSeconds: number,
  animated = false,
): Promise<void> {
  await sharp(input, untrustedInput(maxPixels, { animated }))
    .timeout({ seconds: timeoutSeconds })
    .extractChannel(0)
    .raw({ depth: 'uchar' })
    .toBuffer();
}

/**
 * A JPEG's proof of completeness at half the cost: libjpeg's scaled decode (shrink-on-load, 1/8) still
 * entropy-decodes every block of every scan, so a truncated or broken stream fails exactly as in a full
 * decode ("premature end of JPEG image"); only the full-size inverse DCT is skipped.
 */
export async function verifyJpegDecode(input: string, size: { width: number; height: number }, maxPixels: number, timeoutSeconds: number): Promise<void> {
  const width = Math.max(1, Math.ceil(size.width / JPEG_DCT_SCALE));
  const height = Math.max(1, Math.ceil(size.height / JPEG_DCT_SCALE));
  await sharp(input, untrustedInput(maxPixels))
    .timeout({ seconds: timeoutSeconds })
    .resize({ width, height, fit: 'fill', fastShrinkOnLoad: true, kernel: 'nearest' })
    .extractChannel(0)
    .raw({ depth: 'uchar' })
    .toBuffer();
}

/**
 * verifyFullDecode of one frame ending in the placeholder's sample instead of a discarded band: the sample
 * comes out of the decode that is made anyway (the shrink to 100 px is a fraction of it).
 */
export function verifyDecodeSampling(input: string | Buffer, maxPixels: number, timeoutSeconds: number): Promise<RgbaImage> {
  return readSample(toPlaceholderSample(sharp(input, untrustedInput(maxPixels)).timeout({ seconds: timeoutSeconds }), false));
}

/**
 * verifyJpegDecode ending in the placeholder's sample: the same scaled decode (1/8 for a photo; a small
 * image is decoded at a larger scale, down to none at 100 px), then the shrink to 100 px.
 */
export function verifyJpegDecodeSampling(input: string, maxPixels: number, timeoutSeconds: number): Promise<RgbaImage> {
  return firstFrameSample(input, 'jpeg', maxPixels, timeoutSeconds);
}

/**
 * The sample of a file's first frame, for placeholders of files whose full decode served another purpose
 * or was never needed: a re-encoded original, an animation (its proof decodes every frame as one strip), a
 * stored original in the backfill. A JPEG is decoded at 1/8 scale; the other formats have no such shortcut.
 */
export function firstFrameSample(input: string, format: string, maxPixels: number, timeoutSeconds: number): Promise<RgbaImage> {
  const firstFrame = sharp(input, untrustedInput(maxPixels)).timeout({ seconds: timeoutSeconds });
  return readSample(toPlaceholderSample(firstFrame, format === 'jpeg'));
}
