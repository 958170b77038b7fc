import { stat } from 'node:fs/promises';
import { isAnimatableFormat, SHORT_EDGE, SOCIAL_SIZE, type OutputFormat, type VariantSize } from '@app/formats';
import type { Sharp } from 'sharp';
import { writeAtomically } from './atomic-output';
import { decoding } from './decode-errors';
import { encodeForDelivery, paddingFor } from './variant-encoding';
import { fitShortEdge } from './variant-geometry';
import { openVariantSource, type VariantSource } from './variant-source';

export interface RenderedVariant {
  width: number;
  /** For animations, the height of one frame. */
  height: number;
  filesize: number;
}

/**
 * Renders a delivery variant of a stored original: s/m/l scale the short edge down to 320/640/1080
 * (never up), o keeps the dimensions, social letterboxes into 1200x630. Animation survives when both
 * the source and `format` support it.
 */
export async function renderVariant(
  inputPath: string,
  outputPath: string,
  size: VariantSize,
  format: OutputFormat,
  opts: { maxPixels: number; timeoutSeconds?: number },
): Promise<RenderedVariant> {
  const source = await openVariantSource(inputPath, opts.maxPixels, isAnimatableFormat(format));
  const image = encodeForDelivery(resize(source, size, format), format);
  return writeAtomically(outputPath, async (tempPath) => {
    const bounded = opts.timeoutSeconds ? image.timeout({ seconds: opts.timeoutSeconds }) : image;
    const info = await decoding(opts.maxPixels, () => bounded.toFile(tempPath));
    const { size: filesize } = await stat(tempPath);
    return { width: info.width, height: source.animated ? (info.pageHeight ?? info.height) : info.height, filesize };
  });
}

function resize({ image, width, height }: VariantSource, size: VariantSize, format: OutputFormat): Sharp {
  if (size === 'o') return image;
  if (size === 'social') {
    return image.resize({ ...SOCIAL_SIZE, fit: 'contain', background: paddingFor(format) });
  }
  const target = fitShortEdge({ width, height }, SHORT_EDGE[size]);
  if (target.width === width && target.height === height) return image;
  return image.resize({ ...target, fit: 'fill' });
}
