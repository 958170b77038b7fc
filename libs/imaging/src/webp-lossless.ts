/**
 * True when a WebP's (first) frame is VP8L, i.e. lossless. Walks the RIFF chunks in `head`;
 * for animations, the first ANMF frame's bitstream chunk decides.
 */
export function isLosslessWebp(head: Buffer): boolean {
  let at = 12;
  while (at + 8 <= head.length) {
    const fourcc = head.toString('latin1', at, at + 4);
    if (fourcc === 'VP8L') return true;
    if (fourcc === 'VP8 ') return false;
    if (fourcc === 'ANMF') {
      // ANMF payload: 16 bytes of frame header, then the frame's own chunks.
      at += 8 + 16;
      continue;
    }
    const size = head.readUInt32LE(at + 4);
    at += 8 + size + (size % 2);
  }
  return false;
}
