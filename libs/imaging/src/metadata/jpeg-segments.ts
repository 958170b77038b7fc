import { KeptBytes, MalformedContainerError } from './byte-ranges';

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const COM = 0xfe;

/** APPn segments worth keeping, by their identifier: JFIF (and its extension), the ICC profile, Adobe's colour transform. */
const KEPT_APP_IDS: Array<[marker: number, id: string]> = [
  [0xe0, 'JFIF\0'],
  [0xe0, 'JFXX\0'],
  [0xe2, 'ICC_PROFILE\0'],
  [0xee, 'Adobe'],
];

/**
 * A JPEG without COM, EXIF, XMP, IPTC, MPF or any other APPn segment but JFIF, ICC and Adobe, and without
 * anything after its end-of-image marker (where an MPF file keeps its second image with its own EXIF);
 * null when there is nothing to remove. Tables, frames and scans are kept byte for byte.
 */
export function stripJpeg(jpeg: Buffer): Buffer | null {
  if (jpeg[0] !== 0xff || jpeg[1] !== SOI) throw new MalformedContainerError('JPEG', 'no start-of-image marker');
  const kept = new KeptBytes(jpeg);
  kept.keep(0, 2);
  let offset = 2;
  for (;;) {
    if (offset + 2 > jpeg.length || jpeg[offset] !== 0xff) throw new MalformedContainerError('JPEG', 'marker expected');
    const start = offset;
    while (jpeg[offset + 1] === 0xff) offset++; // fill bytes before a marker
    const marker = jpeg[offset + 1];
    if (marker === EOI) {
      kept.keep(start, offset + 2);
      offset += 2;
      break;
    }
    if (isStandalone(marker)) {
      kept.keep(start, offset + 2);
      offset += 2;
      continue;
    }
    if (offset + 4 > jpeg.length) throw new MalformedContainerError('JPEG', 'segment past the end');
    let end = offset + 2 + jpeg.readUInt16BE(offset + 2);
    if (end > jpeg.length) throw new MalformedContainerError('JPEG', 'segment past the end');
    if (marker === SOS) end = endOfScan(jpeg, end);
    if (keepsSegment(jpeg, marker, offset + 4, end)) kept.keep(start, end);
    else kept.drop();
    offset = end;
  }
  if (offset < jpeg.length) kept.drop();
  return kept.result();
}

function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

/** Frames, tables and scans (0xC0–0xDF) are kept; of the rest (APPn, COM, extensions) only the allowlisted APPn. */
function keepsSegment(jpeg: Buffer, marker: number, payload: number, end: number): boolean {
  if (marker >= 0xc0 && marker <= 0xdf) return true;
  if (marker === COM) return false;
  return KEPT_APP_IDS.some(([app, id]) => app === marker && jpeg.toString('latin1', payload, Math.min(end, payload + id.length)) === id);
}

/** The offset of the first marker after a scan's entropy-coded data (stuffed 0xFF00 and restart markers are data). */
function endOfScan(jpeg: Buffer, from: number): number {
  let offset = from;
  for (;;) {
    offset = jpeg.indexOf(0xff, offset);
    if (offset < 0 || offset + 1 >= jpeg.length) throw new MalformedContainerError('JPEG', 'scan without an end');
    const next = jpeg[offset + 1];
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) offset += 2;
    else if (next === 0xff) offset += 1;
    else return offset;
  }
}
