import sharp from 'sharp';
import { icoDirectory } from './byte-fixtures';

const NS = 'xmlns="http://www.w3.org/2000/svg"';

/** The 238-byte bomb: a 9000×9000 canvas covered by a turbulence + blur filter. */
export function turbulenceSvg(size = 9000): Buffer {
  return Buffer.from(
    `<svg ${NS} width="${size}" height="${size}"><filter id="f"><feTurbulence baseFrequency="0.01" numOctaves="10"/>` +
      `<feGaussianBlur stdDeviation="50"/></filter><rect width="100%" height="100%" filter="url(#f)"/></svg>`,
  );
}

/** A small canvas whose cost is in the number of filtered layers: minutes to draw at any scale. */
export function layeredFilterSvg(layers = 400): Buffer {
  const rects = `<rect width="100%" height="100%" filter="url(#f)"/>`.repeat(layers);
  return Buffer.from(
    `<svg ${NS} width="1000" height="1000"><filter id="f"><feTurbulence baseFrequency="0.01" numOctaves="10"/></filter>${rects}</svg>`,
  );
}

/** An ICO whose `count` directory entries (256×256 each, as far as the directory says) all point at the same image bytes. */
export function icoRepeating(image: Buffer, count: number): Buffer {
  const entry = { size: 256, length: image.length, offset: 6 + 16 * count };
  return Buffer.concat([icoDirectory(Array.from({ length: count }, () => entry)), image]);
}

/** A 1-bit BMP: 9999×9999 is 100 Mpx of decoding in only 12.5 MB. */
export function monochromeBmp(width: number, height: number): Buffer {
  const stride = Math.ceil(width / 32) * 4;
  const pixelOffset = 14 + 40 + 8;
  const file = Buffer.alloc(pixelOffset + stride * height);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(pixelOffset, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(1, 28);
  file.writeUInt32LE(stride * height, 34);
  file.writeUInt32LE(2, 46);
  file.writeUInt32LE(0x00ffffff, 58); // palette: black, white
  return file;
}

/** A 1×1 GIF whose logical screen claims width×height. */
export async function gifWithScreen(width: number, height: number): Promise<Buffer> {
  const gif = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#c00' } }).gif().toBuffer();
  gif.writeUInt16LE(width, 6);
  gif.writeUInt16LE(height, 8);
  return gif;
}
