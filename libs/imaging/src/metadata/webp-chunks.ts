import { KeptBytes, MalformedContainerError } from './byte-ranges';

/** Chunks that draw the image (animation and alpha included) or colour it; EXIF, XMP and unknown chunks go. */
const KEPT_CHUNKS = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);
/** VP8X flags announcing EXIF and XMP chunks, cleared with them. */
const EXIF_AND_XMP_FLAGS = 0x08 | 0x04;

/** A WebP without its EXIF and XMP chunks (its RIFF size and VP8X flags fixed to match); null when there is nothing to remove. */
export function stripWebp(webp: Buffer): Buffer | null {
  if (webp.toString('latin1', 0, 4) !== 'RIFF' || webp.toString('latin1', 8, 12) !== 'WEBP') {
    throw new MalformedContainerError('WebP', 'no RIFF header');
  }
  const riffEnd = 8 + webp.readUInt32LE(4);
  if (riffEnd > webp.length) throw new MalformedContainerError('WebP', 'RIFF size past the end');
  const kept = new KeptBytes(webp);
  kept.add(Buffer.from('RIFF\0\0\0\0WEBP', 'latin1'));
  let offset = 12;
  while (offset < riffEnd) {
    if (offset + 8 > riffEnd) throw new MalformedContainerError('WebP', 'chunk past the end');
    const type = webp.toString('latin1', offset, offset + 4);
    const size = webp.readUInt32LE(offset + 4);
    const end = offset + 8 + size + (size % 2);
    if (end > riffEnd) throw new MalformedContainerError('WebP', `${type} chunk past the end`);
    if (!KEPT_CHUNKS.has(type)) kept.drop();
    else if (type === 'VP8X' && webp[offset + 8] & EXIF_AND_XMP_FLAGS) kept.add(withoutMetadataFlags(webp.subarray(offset, end)));
    else kept.keep(offset, end);
    offset = end;
  }
  if (riffEnd < webp.length) kept.drop();
  const stripped = kept.result();
  stripped?.writeUInt32LE(stripped.length - 8, 4);
  return stripped;
}

function withoutMetadataFlags(vp8x: Buffer): Buffer {
  const copy = Buffer.from(vp8x);
  copy[8] &= ~EXIF_AND_XMP_FLAGS;
  return copy;
}
