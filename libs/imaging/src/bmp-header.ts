import { corruptImage, ImageRejectedError } from './errors';

export interface BmpHeader {
  width: number;
  /** Absolute height; rows are stored top-down when `topDown`. */
  height: number;
  topDown: boolean;
  bitsPerPixel: number;
  /** Size of the DIB header that follows the 14-byte file header. */
  infoHeaderSize: number;
  /** Palette entries (4 bytes each) between the headers and the pixels. */
  paletteEntries: number;
  pixelOffset: number;
  /** Bytes of pixel data an uncompressed image of these dimensions needs. */
  pixelBytes: number;
}

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const SUPPORTED_DEPTHS = new Set([1, 2, 4, 8, 24, 32]);

/** Parses a Windows BMP header, refusing layouts decode-bmp cannot read (RLE, 16-bit, OS/2, odd masks). */
export function parseBmpHeader(head: Buffer): BmpHeader {
  if (head.length < 54) throw corruptImage();
  const infoHeaderSize = head.readUInt32LE(14);
  if (infoHeaderSize < 40) throw unsupportedBmp();
  const width = head.readInt32LE(18);
  const signedHeight = head.readInt32LE(22);
  const bitsPerPixel = head.readUInt16LE(28);
  const compression = head.readUInt32LE(30);
  if (width <= 0 || signedHeight === 0 || signedHeight === -0x80000000) throw corruptImage();
  if (!SUPPORTED_DEPTHS.has(bitsPerPixel)) throw unsupportedBmp();
  if (compression !== BI_RGB && !(compression === BI_BITFIELDS && bitsPerPixel === 32 && hasBgraMasks(head))) {
    throw unsupportedBmp();
  }
  const height = Math.abs(signedHeight);
  const colorsUsed = head.readUInt32LE(46);
  const paletteEntries = bitsPerPixel <= 8 ? colorsUsed || 2 ** bitsPerPixel : 0;
  if (paletteEntries > 2 ** bitsPerPixel) throw corruptImage();
  const stride = Math.ceil((width * bitsPerPixel) / 32) * 4;
  return {
    width,
    height,
    topDown: signedHeight < 0,
    bitsPerPixel,
    infoHeaderSize,
    paletteEntries,
    pixelOffset: head.readUInt32LE(10),
    pixelBytes: stride * height,
  };
}

/** BITFIELDS masks live at offset 54 both for a 40-byte header (after it) and inside V2+ headers. */
function hasBgraMasks(head: Buffer): boolean {
  if (head.length < 66) return false;
  return head.readUInt32LE(54) === 0x00ff0000 && head.readUInt32LE(58) === 0x0000ff00 && head.readUInt32LE(62) === 0x000000ff;
}

function unsupportedBmp(): ImageRejectedError {
  return new ImageRejectedError('Unsupported BMP encoding', 'unsupported');
}
