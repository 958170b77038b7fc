import { rgbaToThumbHash } from 'thumbhash';
import { dominantColour } from './dominant-colour';
import type { RgbaImage } from './rgba-image';

/** What a page paints while the image loads (SPEC §3): null for SVG, which has no pixels of its own to sample. */
export interface Placeholder {
  /** Base64 of the ThumbHash bytes. */
  thumbhash: string;
  /** `#rrggbb`. */
  dominantColor: string;
}

/** The placeholder of a sample of at most PLACEHOLDER_SAMPLE_EDGE pixels a side (what ThumbHash accepts). */
export function placeholderOf(sample: RgbaImage): Placeholder {
  const hash = rgbaToThumbHash(sample.width, sample.height, sample.data);
  return { thumbhash: Buffer.from(hash).toString('base64'), dominantColor: dominantColour(sample) };
}
