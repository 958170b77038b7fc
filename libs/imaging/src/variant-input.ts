import { decoding } from './decode-errors';
import { runIsolated } from './isolated-decode';
import { readHead } from './read-head';
import { sniffFormat } from './sniff-format';

/**
 * The file renderVariant should read. BMP and ICO originals need the pure-JS decoders, which would block
 * the worker's event loop and cannot be interrupted: they are decoded in the isolated process (killed at
 * the time limit) into `pngPath`. Every other original is read as it is.
 */
export async function variantInputPath(
  originalPath: string,
  pngPath: string,
  opts: { maxPixels: number; timeoutSeconds: number },
): Promise<string> {
  const format = sniffFormat(await readHead(originalPath));
  if (format !== 'bmp' && format !== 'ico') return originalPath;
  await decoding(opts.maxPixels, () =>
    runIsolated({ kind: 'png', path: originalPath, out: pngPath, maxPixels: opts.maxPixels }, opts.timeoutSeconds),
  );
  return pngPath;
}
