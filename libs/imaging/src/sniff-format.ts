import type { SourceFormat } from '@app/formats';
import { sniffIsoBrands } from './sniff-iso-brands';
import { looksLikeSvg } from './sniff-svg';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BMP_INFO_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

/** Detects the format from content only (magic numbers); `head` is the first ≤4096 bytes. */
export function sniffFormat(head: Buffer): SourceFormat | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  const ascii6 = head.toString('latin1', 0, 6);
  if (ascii6 === 'GIF87a' || ascii6 === 'GIF89a') return 'gif';
  if (head.length >= 16 && ascii(head, 0) === 'RIFF' && ascii(head, 8) === 'WEBP' && ascii(head, 12).startsWith('VP8')) {
    return 'webp';
  }
  const iso = sniffIsoBrands(head);
  if (iso) return iso;
  if (isBmp(head)) return 'bmp';
  if (isIco(head)) return 'ico';
  if (looksLikeSvg(head)) return 'svg';
  return null;
}

function ascii(head: Buffer, at: number): string {
  return head.toString('latin1', at, at + 4);
}

/** "BM" alone is too weak (plain text can start with it); also require a known DIB header size. */
function isBmp(head: Buffer): boolean {
  return head.length >= 26 && head[0] === 0x42 && head[1] === 0x4d && BMP_INFO_HEADER_SIZES.has(head.readUInt32LE(14));
}

/** ICONDIR (reserved 0, type 1, count ≥ 1) followed by a plausible first ICONDIRENTRY. */
function isIco(head: Buffer): boolean {
  if (head.length < 22 || head.readUInt16LE(0) !== 0 || head.readUInt16LE(2) !== 1) return false;
  const count = head.readUInt16LE(4);
  if (count === 0) return false;
  const reserved = head[9];
  const planes = head.readUInt16LE(10);
  const offset = head.readUInt32LE(18);
  return reserved === 0 && planes <= 1 && offset >= 6 + 16 * count;
}
