import type { SharpRasterFormat } from '../stored-encoding';
import { stripGif } from './gif-blocks';
import { stripJpeg } from './jpeg-segments';
import { stripPng } from './png-chunks';
import { stripWebp } from './webp-chunks';

const STRIPPERS: Partial<Record<SharpRasterFormat, (bytes: Buffer) => Buffer | null>> = {
  jpeg: stripJpeg,
  png: stripPng,
  gif: stripGif,
  webp: stripWebp,
};

/** Whether `format`'s metadata can be removed by surgery on its container, without re-encoding. */
export function canStripLosslessly(format: SharpRasterFormat): boolean {
  return STRIPPERS[format] !== undefined;
}

/**
 * `bytes` keeping only an allowlist of the format's chunks/segments (what draws the image and its ICC
 * profile: SPEC §3), pixels untouched; null when there is nothing to remove or the format has no stripper.
 * Throws MalformedContainerError when the container cannot be walked.
 */
export function stripTextMetadata(bytes: Buffer, format: SharpRasterFormat): Buffer | null {
  return STRIPPERS[format]?.(bytes) ?? null;
}
