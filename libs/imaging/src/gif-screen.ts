import { assertWithinPixelLimit } from './pixel-limit';

/**
 * A GIF's logical screen (bytes 6–9 of the header) is the canvas every frame is drawn on. A tiny frame
 * on a 65535×65535 screen decodes cheaply here but makes every viewer allocate the whole screen.
 */
export function assertGifScreenWithinPixelLimit(head: Buffer, maxPixels: number, frames: number): void {
  if (head.length < 10) return;
  const width = head.readUInt16LE(6);
  const height = head.readUInt16LE(8);
  // Some encoders write 0×0, which decoders read as "the size of the frames" (already checked).
  if (width === 0 || height === 0) return;
  assertWithinPixelLimit(width, height, maxPixels, frames);
}
