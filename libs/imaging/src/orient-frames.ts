import type { Sharp } from 'sharp';
import { sharp, untrustedInput } from './sharp-instance';

/**
 * sharp cannot rotate multi-page images, so an animation with an EXIF orientation is oriented one
 * frame at a time and re-joined. Frames travel as uncompressed PNG; their total is bounded by maxPixels.
 */
export async function orientFrames(inputPath: string, pages: number, maxPixels: number, timeoutSeconds: number): Promise<Sharp> {
  const frames: Buffer[] = [];
  for (let page = 0; page < pages; page++) {
    const frame = sharp(inputPath, untrustedInput(maxPixels, { page, pages: 1 })).timeout({ seconds: timeoutSeconds }).autoOrient();
    frames.push(await frame.png({ compressionLevel: 0 }).toBuffer());
  }
  return sharp(frames, { join: { animated: true }, limitInputPixels: maxPixels });
}
