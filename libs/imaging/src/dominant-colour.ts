import type { RgbaImage } from './rgba-image';

/** Levels per channel of the histogram: 8 × 8 × 8 boxes, coarse enough that a photo's grain falls into one. */
const LEVELS = 8;
const SHIFT = 8 - Math.log2(LEVELS);

/**
 * The colour most of the image is: the fullest box of a coarse RGB histogram (pixels weighted by their
 * opacity), then the mean of the pixels in that box, so a flat colour comes back exactly. Not the mean of
 * the image: half red and half blue is red or blue, never purple. A fully transparent image counts every
 * pixel alike.
 */
export function dominantColour({ data }: RgbaImage): string {
  const opaque = hasOpacity(data);
  const weights = new Float64Array(LEVELS ** 3);
  const sums = new Float64Array(LEVELS ** 3 * 3);
  for (let i = 0; i < data.length; i += 4) {
    const weight = opaque ? data[i + 3] / 255 : 1;
    if (weight === 0) continue;
    const box = ((data[i] >> SHIFT) * LEVELS + (data[i + 1] >> SHIFT)) * LEVELS + (data[i + 2] >> SHIFT);
    weights[box] += weight;
    sums[box * 3] += data[i] * weight;
    sums[box * 3 + 1] += data[i + 1] * weight;
    sums[box * 3 + 2] += data[i + 2] * weight;
  }
  let fullest = 0;
  for (let box = 1; box < weights.length; box++) if (weights[box] > weights[fullest]) fullest = box;
  const channel = (offset: number) => Math.round(sums[fullest * 3 + offset] / (weights[fullest] || 1));
  return `#${[0, 1, 2].map((offset) => channel(offset).toString(16).padStart(2, '0')).join('')}`;
}

function hasOpacity(rgba: Uint8Array): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 0) return true;
  return false;
}
