import { decoding } from './decode-errors';
import { unsupportedFileType } from './errors';
import type { NormalisedImage, NormaliseOptions } from './normalised-image';
import { normaliseBmp } from './normalise-bmp';
import { normaliseHeic } from './normalise-heic';
import { normaliseIco } from './normalise-ico';
import { normaliseRaster } from './normalise-raster';
import { normaliseSvg } from './normalise-svg';
import { readHead } from './read-head';
import { readMetadata } from './sharp-instance';
import { sniffFormat } from './sniff-format';

/**
 * Validates an uploaded file and writes the bytes to store at outputPath. The format comes from the
 * content, never the file name. Throws ImageRejectedError for input that can never be accepted;
 * outputPath is only created on success.
 */
export async function normaliseImage(inputPath: string, outputPath: string, opts: NormaliseOptions): Promise<NormalisedImage> {
  const format = sniffFormat(await readHead(inputPath));
  switch (format) {
    case null:
      throw unsupportedFileType();
    case 'svg':
      return normaliseSvg(inputPath, outputPath, opts);
    case 'bmp':
      return normaliseBmp(inputPath, outputPath, opts);
    case 'ico':
      return normaliseIco(inputPath, outputPath, opts);
    case 'avif':
    case 'heic':
      // Brands can mislead (generic "mif1" files); the codec in the container decides who decodes it.
      return (await isHevcCoded(inputPath, opts.maxPixels))
        ? normaliseHeic(inputPath, outputPath, opts)
        : normaliseRaster(inputPath, outputPath, 'avif', opts);
    default:
      return normaliseRaster(inputPath, outputPath, format, opts);
  }
}

async function isHevcCoded(inputPath: string, maxPixels: number): Promise<boolean> {
  const metadata = await decoding(maxPixels, () => readMetadata(inputPath));
  return metadata.compression !== 'av1';
}
