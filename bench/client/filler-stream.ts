import { randomBytes } from 'crypto';
import { Readable } from 'stream';

const CHUNK = 1024 * 1024;
/** One random MiB shared by every stream: random-looking bytes without generating 560 MB of them. */
const FILLER = randomBytes(CHUNK);
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

/** `total` bytes starting with a JPEG header, produced chunk by chunk on demand (never buffered whole). */
export function jpegLookingStream(total: number): Readable {
  let sent = 0;
  return new Readable({
    highWaterMark: CHUNK,
    read() {
      if (sent >= total) return void this.push(null);
      const size = Math.min(CHUNK, total - sent);
      let chunk = FILLER.subarray(0, size);
      if (sent === 0) chunk = Buffer.concat([JPEG_HEAD, FILLER.subarray(JPEG_HEAD.length, size)]);
      sent += size;
      this.push(chunk);
    },
  });
}
