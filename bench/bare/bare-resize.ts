import sharp from 'sharp';
import { SHORT_EDGE } from '@app/formats';
import { fitShortEdge } from '@app/imaging';
import type { Fixture } from '../fixtures/images';

/**
 * The floor a first `?size=m` JPEG is compared with: one sharp resize of the file on disk, in this
 * process, to the same dimensions and with the same JPEG settings as the worker's delivery encoding,
 * into memory. Resolves to the milliseconds it took.
 */
export async function bareResizeMs(fixture: Fixture): Promise<number> {
  const target = fitShortEdge(fixture, SHORT_EDGE.m);
  const started = performance.now();
  await sharp(fixture.path)
    .resize({ ...target, fit: 'fill' })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 85, progressive: true, mozjpeg: false })
    .toBuffer();
  return performance.now() - started;
}
