import { readFile, stat, writeFile } from 'node:fs/promises';
import { writeAtomically } from './atomic-output';
import { decoding } from './decode-errors';
import { ImageRejectedError } from './errors';
import { fileTooLargeMessage } from '@app/errors';
import { runIsolated } from './isolated-decode';
import type { NormalisedImage, NormaliseOptions } from './normalised-image';
import { assertWithinPixelLimit } from './pixel-limit';
import { readMetadata } from './sharp-instance';
import { sanitiseSvg } from './svg-sanitise';

/**
 * The test render only proves the SVG draws, so it never needs more than this many pixels: a
 * 9000×9000 canvas of filters is drawn scaled down, at a cost that no longer grows with the canvas.
 */
export const SVG_TEST_RENDER_PIXELS = 1_000_000;

/**
 * SVG is sanitised, rendered once with librsvg to prove it draws, and the sanitised text is stored.
 * librsvg cannot be interrupted mid-render (sharp's timeout only acts between tiles, and one tile of
 * filters can take minutes), so the render runs in an isolated process that is killed at the time limit.
 */
export async function normaliseSvg(inputPath: string, outputPath: string, opts: NormaliseOptions): Promise<NormalisedImage> {
  const { maxPixels, maxSvgBytes, timeoutSeconds } = opts;
  const { size } = await stat(inputPath);
  if (size > maxSvgBytes) {
    // The Error Reference's one wording for every size cap, the SVG cap included.
    throw new ImageRejectedError(fileTooLargeMessage(size, maxSvgBytes), 'too_large');
  }

  const sanitised = Buffer.from(sanitiseSvg(await readFile(inputPath)), 'utf8');
  const { width, height, density = 72 } = await decoding(maxPixels, () => readMetadata(sanitised));
  assertWithinPixelLimit(width, height, maxPixels);
  const scale = Math.min(1, Math.sqrt(SVG_TEST_RENDER_PIXELS / (width * height)));
  const task = { kind: 'svg' as const, svg: sanitised, density: density * scale, maxPixels };
  await decoding(maxPixels, () => runIsolated(task, timeoutSeconds));

  await writeAtomically(outputPath, (tempPath) => writeFile(tempPath, sanitised));
  return { format: 'svg', width, height, filesize: sanitised.length, animated: false, placeholder: null };
}
