import sharp from 'sharp';

/**
 * A 6 MP JPEG (3000×2000, a phone camera's size, scaled down from 12 MP to fit this machine) whose EXIF
 * orientation is 6, so the worker must decode, rotate and re-encode it rather than keep it as is.
 */
export function cameraJpeg(width = 3000, height = 2000): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 120, g: 90, b: 60 }, noise: { type: 'gaussian', mean: 128, sigma: 12 } } })
    .blur(1.5)
    .jpeg({ quality: 85 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}
