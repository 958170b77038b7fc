import { thumbHashToRGBA } from 'thumbhash';
import sharp, { type Sharp } from 'sharp';
import { BLUE, isClose, RED, type Rgb } from './raster-fixtures';

/** A placeholder of some image: its exact values are the placeholder spec's business. */
export const anyPlaceholder = { thumbhash: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/), dominantColor: expect.stringMatching(/^#[0-9a-f]{6}$/) };

/** The mean colour of each side of what a ThumbHash decodes to (thumbhash's own decoder), plus the whole. */
export function decodedThumbhash(base64: string): { all: Rgb; left: Rgb; right: Rgb; top: Rgb; bottom: Rgb } {
  const { w, h, rgba } = thumbHashToRGBA(Buffer.from(base64, 'base64'));
  const mean = (inside: (x: number, y: number) => boolean): Rgb => {
    const sum = { r: 0, g: 0, b: 0, n: 0 };
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (!inside(x, y)) continue;
        const at = (y * w + x) * 4;
        sum.r += rgba[at];
        sum.g += rgba[at + 1];
        sum.b += rgba[at + 2];
        sum.n++;
      }
    }
    return { r: Math.round(sum.r / sum.n), g: Math.round(sum.g / sum.n), b: Math.round(sum.b / sum.n) };
  };
  return {
    all: mean(() => true),
    left: mean((x) => x < w / 4),
    right: mean((x) => x >= (3 * w) / 4),
    top: mean((_x, y) => y < h / 4),
    bottom: mean((_x, y) => y >= (3 * h) / 4),
  };
}

export const hex = ({ r, g, b }: Rgb) => `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;

export function rgbOf(hexColour: string): Rgb {
  const value = parseInt(hexColour.slice(1), 16);
  return { r: value >> 16, g: (value >> 8) & 0xff, b: value & 0xff };
}

/** Shows the colours when they differ. */
export function expectClose(actual: Rgb, expected: Rgb, tolerance: number): void {
  expect({ actual, close: isClose(actual, expected, tolerance) }).toEqual({ actual, close: true });
}

/** Three quarters RED on the left, a quarter BLUE on the right: RED dominates, and a ThumbHash keeps the sides apart. */
export function redWithBlueQuarter(width: number, height: number): Sharp {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(Object.values(x < (width * 3) / 4 ? RED : BLUE), (y * width + x) * 3);
  return sharp(data, { raw: { width, height, channels: 3 } });
}
