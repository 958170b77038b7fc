import { crc32, deflateSync } from 'node:zlib';
import type { Rgb } from './raster-fixtures';

export function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData) >>> 0);
  return Buffer.concat([length, typeAndData, crc]);
}

/** A well-formed PNG header claiming width x height RGBA, with only a few rows of real data. */
export function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const rows = deflateSync(Buffer.alloc((width * 4 + 1) * 2));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', rows),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** `png` with one more chunk right after its IHDR (which ends at byte 33), e.g. a tEXt chunk. */
export function withPngChunk(png: Buffer, type: string, data: Buffer): Buffer {
  return Buffer.concat([png.subarray(0, 33), pngChunk(type, data), png.subarray(33)]);
}

/** A JPEG marker segment: 0xFF, the marker, the length (payload + 2) and the payload. */
export function jpegSegment(marker: number, payload: Buffer | string): Buffer {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'latin1');
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}

/** `jpeg` with `segments` right after its start-of-image marker. */
export const withJpegSegments = (jpeg: Buffer, ...segments: Buffer[]) => Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);

/** A camera's MPF file: `primary` announcing an MPF index, with `secondary` (its own EXIF and all) after its end. */
export function withMpfSecondImage(primary: Buffer, secondary: Buffer): Buffer {
  const index = jpegSegment(0xe2, Buffer.concat([Buffer.from('MPF\0', 'latin1'), Buffer.from('MM\0*\0\0\0\x08', 'latin1')]));
  return Buffer.concat([withJpegSegments(primary, index), secondary]);
}

export interface BmpOptions {
  topDown?: boolean;
  /** 24 (BI_RGB) or 32 (BI_BITFIELDS with BGRA masks). */
  bitsPerPixel?: 24 | 32;
}

/** An uncompressed BMP whose pixel (x, y) is pixel(x, y). */
export function buildBmp(width: number, height: number, pixel: (x: number, y: number) => Rgb, options: BmpOptions = {}): Buffer {
  const bpp = options.bitsPerPixel ?? 24;
  const bytesPerPixel = bpp / 8;
  const stride = Math.ceil((width * bytesPerPixel) / 4) * 4;
  const masks = bpp === 32 ? 12 : 0;
  const pixelOffset = 14 + 40 + masks;
  const file = Buffer.alloc(pixelOffset + stride * height);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(pixelOffset, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(options.topDown ? -height : height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(bpp, 28);
  file.writeUInt32LE(bpp === 32 ? 3 : 0, 30);
  file.writeUInt32LE(stride * height, 34);
  if (bpp === 32) {
    file.writeUInt32LE(0x00ff0000, 54);
    file.writeUInt32LE(0x0000ff00, 58);
    file.writeUInt32LE(0x000000ff, 62);
  }
  for (let y = 0; y < height; y++) {
    const row = options.topDown ? y : height - 1 - y;
    for (let x = 0; x < width; x++) {
      const { r, g, b } = pixel(x, y);
      const at = pixelOffset + row * stride + x * bytesPerPixel;
      file.set(bpp === 32 ? [b, g, r, 255] : [b, g, r], at);
    }
  }
  return file;
}

/**
 * A 32-bit size×size icon DIB (BITMAPINFOHEADER with doubled height, BGRA rows, 1-bit AND mask) with
 * every pixel and mask byte zero: bomb fixtures use it as it is, without a loop over the pixels.
 */
export function blankIconDib(size: number): Buffer {
  const maskStride = Math.ceil(size / 32) * 4;
  const dib = Buffer.alloc(40 + size * size * 4 + maskStride * size);
  dib.writeUInt32LE(40, 0);
  dib.writeInt32LE(size, 4);
  dib.writeInt32LE(size * 2, 8);
  dib.writeUInt16LE(1, 12);
  dib.writeUInt16LE(32, 14);
  return dib;
}

/** A 32-bit icon DIB of size×size opaque `colour` pixels. */
export function buildIconDib(size: number, colour: Rgb): Buffer {
  const dib = blankIconDib(size);
  for (let i = 0; i < size * size; i++) dib.set([colour.b, colour.g, colour.r, 255], 40 + i * 4);
  return dib;
}

export interface IcoEntry {
  /** Width and height; 256 and over are written as 0, as the format has it. */
  size: number;
  length: number;
  offset: number;
}

/** An ICO header and directory: one 16-byte 32-bit entry per image, pointing at `offset`. */
export function icoDirectory(entries: IcoEntry[]): Buffer {
  const header = Buffer.alloc(6 + 16 * entries.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(entries.length, 4);
  entries.forEach(({ size, length, offset }, index) => {
    const at = 6 + 16 * index;
    header[at] = size >= 256 ? 0 : size;
    header[at + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(length, at + 8);
    header.writeUInt32LE(offset, at + 12);
  });
  return header;
}

/** An ICO containing the given images (PNG files or icon DIBs), with directory sizes from `sizes`. */
export function buildIco(images: Array<{ data: Buffer; size: number }>): Buffer {
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ data, size }) => {
    const entry = { size, length: data.length, offset };
    offset += data.length;
    return entry;
  });
  return Buffer.concat([icoDirectory(entries), ...images.map((image) => image.data)]);
}

/** An ISO-BMFF `ftyp` box with the given brands, padded to `total` bytes. */
export function ftypHeader(major: string, compatible: string[], total = 64): Buffer {
  const box = Buffer.alloc(16 + 4 * compatible.length);
  box.writeUInt32BE(box.length, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(major, 8, 'latin1');
  compatible.forEach((brand, i) => box.write(brand, 16 + 4 * i, 'latin1'));
  return Buffer.concat([box, Buffer.alloc(Math.max(0, total - box.length))]);
}
