import sharp, { type Sharp } from 'sharp';

export const RED = { r: 200, g: 30, b: 40 };
export const BLUE = { r: 10, g: 20, b: 220 };
export type Rgb = typeof RED;

/** Left half RED, right half BLUE, as raw RGB: makes rotations and flips observable. */
export function halvesRgb(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const { r, g, b } = x < width / 2 ? RED : BLUE;
      data.set([r, g, b], (y * width + x) * 3);
    }
  }
  return data;
}

export function halvesImage(width: number, height: number): Sharp {
  return sharp(halvesRgb(width, height), { raw: { width, height, channels: 3 } });
}

/** Gaussian noise compresses badly, so cutting the file short always cuts into pixel data. */
export function noiseImage(width: number, height: number): Sharp {
  const noise = { type: 'gaussian' as const, mean: 128, sigma: 50 };
  return sharp({ create: { width, height, channels: 3, background: '#808080', noise } });
}

export async function solidPng(width: number, height: number, colour: Rgb, alpha = 1): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { ...colour, alpha } } }).png().toBuffer();
}

/** An animation whose frames alternate RED and BLUE. */
export async function animatedImage(frames: number, width: number, height: number): Promise<Sharp> {
  const pngs = await Promise.all(Array.from({ length: frames }, (_, i) => solidPng(width, height, i % 2 ? BLUE : RED)));
  return sharp(pngs, { join: { animated: true } });
}

/** The RGB value of one pixel of an encoded image (first frame). */
export async function pixelAt(input: string | Buffer, x: number, y: number): Promise<Rgb> {
  const { data, info } = await sharp(input).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return { r: data[at], g: data[at + 1], b: data[at + 2] };
}

/** Asserts colours match within a lossy-codec tolerance. */
export function isClose(actual: Rgb, expected: Rgb, tolerance = 24): boolean {
  return (['r', 'g', 'b'] as const).every((channel) => Math.abs(actual[channel] - expected[channel]) <= tolerance);
}
