import { readFile, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { ImageRejectedError } from './errors';
import { normaliseImage } from './normalise-image';
import { sniffFormat } from './sniff-format';
import { ftypHeader } from './testing/byte-fixtures';
import { anyPlaceholder } from './testing/placeholder-expectations';
import { captureError } from './testing/capture-error';
import { HEIC_64X48_BASE64 } from './testing/heic-fixture';
import { BLUE, isClose, pixelAt, RED } from './testing/raster-fixtures';
import { createTempDir, type TempDir } from './testing/temp-dir';

const opts = { maxPixels: 100_000_000, maxSvgBytes: 10 * 1024 * 1024, timeoutSeconds: 30 };
const heic = () => Buffer.from(HEIC_64X48_BASE64, 'base64');

describe('normaliseImage (HEIC)', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await createTempDir();
  });
  afterAll(() => dir.remove());

  async function normalise(name: string, bytes: Buffer, options = opts) {
    await writeFile(dir.file(name), bytes);
    return normaliseImage(dir.file(name), dir.file(`${name}.out`), options);
  }

  it('converts a real HEIC to JPEG with the right pixels', async () => {
    const result = await normalise('photo.heic', heic());
    const written = await readFile(dir.file('photo.heic.out'));

    expect(result).toEqual({ format: 'jpeg', width: 64, height: 48, filesize: written.length, animated: false, placeholder: anyPlaceholder });
    expect(sniffFormat(written)).toBe('jpeg');
    const metadata = await sharp(written).metadata();
    expect([metadata.width, metadata.height, metadata.exif]).toEqual([64, 48, undefined]);
    expect(isClose(await pixelAt(written, 8, 24), RED)).toBe(true);
    expect(isClose(await pixelAt(written, 56, 24), BLUE)).toBe(true);
  });

  it('decodes a HEIC whose major brand heic-decode does not list (heim)', async () => {
    const bytes = heic();
    bytes.write('heim', 8, 'latin1');
    expect(sniffFormat(bytes)).toBe('heic');
    await expect(normalise('heim.heic', bytes)).resolves.toMatchObject({ format: 'jpeg', width: 64, height: 48 });
  });

  it('refuses a HEIC over the pixel limit before decoding', async () => {
    const error = await captureError(normalise('big.heic', heic(), { ...opts, maxPixels: 1000 }));
    expect(error).toBeInstanceOf(ImageRejectedError);
    expect(error.message).toBe('Image dimensions 64x48 exceed the limit of 1000 pixels');
  });

  it('rejects a truncated HEIC', async () => {
    const bytes = heic();
    const error = await captureError(normalise('cut.heic', bytes.subarray(0, Math.floor(bytes.length * 0.8))));
    expect(error).toBeInstanceOf(ImageRejectedError);
    expect(error.message).toBe('Image is truncated or corrupt');
  });

  it('rejects HEIC brands followed by garbage', async () => {
    const bytes = Buffer.concat([ftypHeader('heic', ['mif1', 'heic'], 32), Buffer.from('not really a heif container'.repeat(10))]);
    const error = await captureError(normalise('fake.heic', bytes));
    expect(error).toBeInstanceOf(ImageRejectedError);
    expect(error.message).toBe('Image is truncated or corrupt');
    expect(await dir.list()).not.toContain('fake.heic.out');
  });
});
