const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis']);
// Generic HEIF brands say nothing about the codec; with no AVIF brand alongside, treat as HEIC.
const GENERIC_HEIF_BRANDS = new Set(['mif1', 'msf1']);

/** Classifies an ISO-BMFF file by the brands in its leading `ftyp` box. */
export function sniffIsoBrands(head: Buffer): 'avif' | 'heic' | null {
  if (head.length < 16 || head.toString('latin1', 4, 8) !== 'ftyp') return null;
  const boxSize = head.readUInt32BE(0);
  if (boxSize < 16 || boxSize % 4 !== 0) return null;

  const major = head.toString('latin1', 8, 12);
  const compatible: string[] = [];
  for (let at = 16; at + 4 <= Math.min(boxSize, head.length); at += 4) {
    compatible.push(head.toString('latin1', at, at + 4));
  }

  if (AVIF_BRANDS.has(major)) return 'avif';
  if (HEIC_BRANDS.has(major)) return 'heic';
  if (compatible.some((b) => AVIF_BRANDS.has(b))) return 'avif';
  if (compatible.some((b) => HEIC_BRANDS.has(b))) return 'heic';
  if (GENERIC_HEIF_BRANDS.has(major) || compatible.some((b) => GENERIC_HEIF_BRANDS.has(b))) return 'heic';
  return null;
}
