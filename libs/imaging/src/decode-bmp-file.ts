import decodeBmp from 'decode-bmp';
import type { BmpHeader } from './bmp-header';
import { corruptImage } from './errors';
import type { RgbaImage } from './rgba-image';

/**
 * Decodes a BMP to top-down RGBA with decode-bmp. That decoder assumes bottom-up rows starting right
 * after the headers and palette, so the bytes are first rearranged into exactly that layout.
 */
export function decodeBmpFile(file: Buffer, header: BmpHeader): RgbaImage {
  const headersEnd = 14 + header.infoHeaderSize + header.paletteEntries * 4;
  const pixels = file.subarray(header.pixelOffset, header.pixelOffset + header.pixelBytes);
  if (header.pixelOffset < headersEnd || pixels.length < header.pixelBytes) throw corruptImage();

  const canonical = Buffer.concat([file.subarray(0, headersEnd), header.topDown ? flipRows(pixels, header) : pixels]);
  canonical.writeInt32LE(header.height, 22);
  const decoded = decodeBmp(canonical);
  const data = new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength);
  if (header.bitsPerPixel === 32) makeOpaqueIfAlphaUnused(data);
  return { width: decoded.width, height: decoded.height, data };
}

function flipRows(pixels: Buffer, header: BmpHeader): Buffer {
  const stride = header.pixelBytes / header.height;
  const flipped = Buffer.alloc(pixels.length);
  for (let row = 0; row < header.height; row++) {
    pixels.copy(flipped, (header.height - 1 - row) * stride, row * stride, (row + 1) * stride);
  }
  return flipped;
}

/** Most 32-bit BMPs leave the fourth byte zero, meaning "no alpha", not "fully transparent". */
function makeOpaqueIfAlphaUnused(rgba: Uint8Array): void {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 0) return;
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
}
