import { availableParallelism } from 'node:os';
import sharp, { type Metadata, type SharpOptions } from 'sharp';

// libvips' operation cache is keyed on file names, so a path rewritten with new bytes could be served
// stale, and cached file handles would keep deleted temp files alive. Workers never revisit an input.
sharp.cache(false);
// Threads per image; the libuv pool already runs several images at once, so more threads only add memory.
sharp.concurrency(Math.min(4, availableParallelism()));

/** Input options for untrusted images: refuse decoded sizes over maxPixels and fail on truncation. */
export function untrustedInput(maxPixels: number, extra: SharpOptions = {}): SharpOptions {
  return { limitInputPixels: maxPixels, failOn: 'error', ...extra };
}

/** Header-only metadata; no pixel limit here because the caller compares dimensions itself. */
export function readMetadata(input: string | Buffer, extra: SharpOptions = {}): Promise<Metadata> {
  return sharp(input, { limitInputPixels: false, ...extra }).metadata();
}

export { sharp };
