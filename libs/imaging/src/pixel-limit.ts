import { corruptImage, ImageRejectedError } from './errors';

/**
 * Refuses images whose decoded size would exceed maxPixels. Animated images count every frame
 * (width × frameHeight × frames), the same total sharp's limitInputPixels checks when all pages load.
 */
export function assertWithinPixelLimit(width: number, frameHeight: number, maxPixels: number, frames = 1): void {
  if (!(width > 0 && frameHeight > 0 && frames > 0)) throw corruptImage();
  if (width * frameHeight * frames <= maxPixels) return;
  const dims = `${width}x${frameHeight}` + (frames > 1 ? ` with ${frames} frames` : '');
  throw new ImageRejectedError(`Image dimensions ${dims} exceed the limit of ${maxPixels} pixels`, 'too_large');
}
