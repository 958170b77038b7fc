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

/** A small JPEG whose frame header (SOF0) claims width×height. */
export async function jpegClaiming(width: number, height: number): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0c0' } }).jpeg({ progressive: false }).toBuffer();
  const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  jpeg.writeUInt16BE(height, sof + 5);
  jpeg.writeUInt16BE(width, sof + 7);
  return jpeg;
}

/**
 * An animated GIF of `frames` frames of size×size pixels, alternating two colours, built byte by byte:
 * an encoder would take minutes for 10,000 frames. Each frame's LZW data sends a clear code before every
 * two pixels, so codes stay 3 bits wide and no dictionary is needed.
 */
export function manyFrameGif(frames: number, size = 8): Buffer {
  const screen = Buffer.alloc(13 + 12);
  screen.write('GIF89a', 0, 'latin1');
  screen.writeUInt16LE(size, 6);
  screen.writeUInt16LE(size, 8);
  screen[10] = 0x80 | 0x01; // global colour table of 4 entries
  screen.set([0xcc, 0, 0, 0, 0, 0xcc, 0, 0, 0, 0xff, 0xff, 0xff], 13);
  const loop = Buffer.from([0x21, 0xff, 0x0b, ...Buffer.from('NETSCAPE2.0'), 0x03, 0x01, 0x00, 0x00, 0x00]);
  const frameOf = (colour: number) => {
    const control = Buffer.from([0x21, 0xf9, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00]); // 20 ms a frame
    const descriptor = Buffer.alloc(10);
    descriptor[0] = 0x2c;
    descriptor.writeUInt16LE(size, 5);
    descriptor.writeUInt16LE(size, 7);
    return Buffer.concat([control, descriptor, Buffer.from([0x02]), subBlocks(uncompressedLzw(size * size, colour)), Buffer.from([0x00])]);
  };
  const pair = [frameOf(0), frameOf(1)];
  return Buffer.concat([screen, loop, ...Array.from({ length: frames }, (_, i) => pair[i % 2]), Buffer.from([0x3b])]);
}

/** `pixels` pixels of colour index `colour` as 3-bit LZW codes (minimum code size 2: clear 4, end 5). */
function uncompressedLzw(pixels: number, colour: number): Buffer {
  const codes: number[] = [];
  for (let i = 0; i < pixels; i++) {
    if (i % 2 === 0) codes.push(4);
    codes.push(colour);
  }
  codes.push(5);
  const bytes = Buffer.alloc(Math.ceil((codes.length * 3) / 8));
  codes.forEach((code, i) => {
    for (let bit = 0; bit < 3; bit++) if (code & (1 << bit)) bytes[(i * 3 + bit) >> 3] |= 1 << ((i * 3 + bit) & 7);
  });
  return bytes;
}

function subBlocks(data: Buffer): Buffer {
  const blocks: Buffer[] = [];
  for (let at = 0; at < data.length; at += 255) {
    const block = data.subarray(at, at + 255);
    blocks.push(Buffer.from([block.length]), block);
  }
  return Buffer.concat(blocks);
}
