import { corruptImage } from './errors';

export interface IcoEntry {
  /** The entry's bytes: a PNG file or a headerless DIB. */
  data: Buffer;
  isPng: boolean;
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Lists an ICO's images with their real dimensions, read from each embedded PNG's IHDR or DIB header
 * rather than the directory's one-byte fields, so a lying entry cannot slip past the pixel limit.
 */
export function readIcoDirectory(file: Buffer): IcoEntry[] {
  const count = file.length >= 6 ? file.readUInt16LE(4) : 0;
  if (count === 0 || file.length < 6 + 16 * count) throw corruptImage();
  const entries: IcoEntry[] = [];
  for (let index = 0; index < count; index++) {
    const at = 6 + 16 * index;
    const size = file.readUInt32LE(at + 8);
    const offset = file.readUInt32LE(at + 12);
    if (size < 40 || offset + size > file.length) throw corruptImage();
    entries.push(describeEntry(file.subarray(offset, offset + size)));
  }
  return entries;
}

function describeEntry(data: Buffer): IcoEntry {
  if (data.subarray(0, 8).equals(PNG_SIGNATURE)) {
    return { data, isPng: true, width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  if (data.readUInt32LE(0) < 40) throw corruptImage();
  // A DIB inside an icon stores twice the height: the colour rows, then the 1-bit transparency mask.
  return { data, isPng: false, width: data.readInt32LE(4), height: Math.trunc(data.readInt32LE(8) / 2) };
}

/** The entry with the most pixels. */
export function largestIcoEntry(entries: IcoEntry[]): IcoEntry {
  return entries.reduce((best, entry) => (entry.width * entry.height > best.width * best.height ? entry : best));
}
