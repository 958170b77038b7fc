import { KeptBytes, MalformedContainerError } from './byte-ranges';

const EXTENSION = 0x21;
const IMAGE = 0x2c;
const TRAILER = 0x3b;
const GRAPHIC_CONTROL = 0xf9;
const PLAIN_TEXT = 0x01;
const APPLICATION = 0xff;
/** Application extensions that draw or colour the image: the loop count (two spellings) and an ICC profile. */
const KEPT_APPLICATIONS = ['NETSCAPE2.0', 'ANIMEXTS1.0', 'ICCRGBG1012'];

/**
 * A GIF without comment extensions, XMP and other application extensions (the loop count and ICC profile
 * stay), and without anything after its trailer; null when there is nothing to remove.
 */
export function stripGif(gif: Buffer): Buffer | null {
  if (!/^GIF8[79]a$/.test(gif.toString('latin1', 0, 6)) || gif.length < 13) throw new MalformedContainerError('GIF', 'no header');
  const kept = new KeptBytes(gif);
  let offset = 13 + colourTableSize(gif[10]);
  kept.keep(0, offset);
  for (;;) {
    if (offset >= gif.length) throw new MalformedContainerError('GIF', 'no trailer');
    const block = gif[offset];
    if (block === TRAILER) {
      kept.keep(offset, offset + 1);
      offset += 1;
      break;
    }
    let end: number;
    if (block === IMAGE) {
      if (offset + 10 > gif.length) throw new MalformedContainerError('GIF', 'image descriptor past the end');
      end = skipSubBlocks(gif, offset + 10 + colourTableSize(gif[offset + 9]) + 1);
      kept.keep(offset, end);
    } else if (block === EXTENSION) {
      end = skipSubBlocks(gif, offset + 2);
      if (keepsExtension(gif, offset)) kept.keep(offset, end);
      else kept.drop();
    } else {
      throw new MalformedContainerError('GIF', `unknown block 0x${block.toString(16)}`);
    }
    offset = end;
  }
  if (offset < gif.length) kept.drop();
  return kept.result();
}

function keepsExtension(gif: Buffer, offset: number): boolean {
  const label = gif[offset + 1];
  if (label === GRAPHIC_CONTROL || label === PLAIN_TEXT) return true;
  if (label !== APPLICATION || gif[offset + 2] !== 11) return false;
  return KEPT_APPLICATIONS.includes(gif.toString('latin1', offset + 3, offset + 14));
}

/** Size of a colour table whose presence and size a packed field (bit 7, bits 0–2) gives. */
function colourTableSize(packed: number): number {
  return packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0;
}

/** The offset just past a run of data sub-blocks (length-prefixed, ended by a zero length). */
function skipSubBlocks(gif: Buffer, from: number): number {
  let offset = from;
  for (;;) {
    if (offset >= gif.length) throw new MalformedContainerError('GIF', 'data past the end');
    const length = gif[offset];
    offset += 1 + length;
    if (length === 0) return offset;
  }
}
