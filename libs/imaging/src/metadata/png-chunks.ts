import { KeptBytes, MalformedContainerError } from './byte-ranges';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Chunks that draw the image (APNG frames included) or describe its colour. Everything else goes:
 * tEXt, zTXt, iTXt, eXIf, tIME and any private chunk.
 */
const KEPT_CHUNKS = new Set([
  'IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'cHRM', 'gAMA', 'iCCP', 'sBIT', 'sRGB', 'cICP', 'mDCV', 'cLLI',
  'bKGD', 'hIST', 'pHYs', 'sPLT', 'acTL', 'fcTL', 'fdAT',
]);

/** A PNG without its text and EXIF chunks and without anything after IEND; null when there is nothing to remove. */
export function stripPng(png: Buffer): Buffer | null {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new MalformedContainerError('PNG', 'no signature');
  const kept = new KeptBytes(png);
  kept.keep(0, 8);
  let offset = 8;
  for (;;) {
    if (offset + 12 > png.length) throw new MalformedContainerError('PNG', 'chunk past the end');
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > png.length) throw new MalformedContainerError('PNG', `${type} chunk past the end`);
    if (KEPT_CHUNKS.has(type)) kept.keep(offset, end);
    else kept.drop();
    offset = end;
    if (type === 'IEND') break;
  }
  if (offset < png.length) kept.drop();
  return kept.result();
}
