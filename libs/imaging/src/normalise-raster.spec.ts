import { readFile, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { ImageRejectedError } from './errors';
import { normaliseImage } from './normalise-image';
import { jpegSegment, pngClaiming, withJpegSegments, withMpfSecondImage, withPngChunk } from './testing/byte-fixtures';
import { anyPlaceholder } from './testing/placeholder-expectations';
import { captureError } from './testing/capture-error';
import { animatedImage, BLUE, halvesImage, isClose, noiseImage, pixelAt, RED } from './testing/raster-fixtures';
import { createTempDir, type TempDir } from './testing/temp-dir';
import { isLosslessWebp } from './webp-lossless';

const opts = { maxPixels: 100_000_000, maxSvgBytes: 10 * 1024 * 1024, timeoutSeconds: 30 };
const GPS_EXIF = {
  IFD0: { Copyright: 'Private Person', Make: 'PhoneCo' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
};
const XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>';

describe('normaliseImage (raster)', () => {
  let dir: TempDir;
  let counter = 0;
  beforeAll(async () => {
    dir = await createTempDir();
  });
  afterAll(() => dir.remove());

  async function run(bytes: Buffer, name = 'upload.bin', options = opts) {
    const id = ++counter;
    const input = dir.file(`${id}-${name}`);
    const output = dir.file(`${id}-stored`);
    await writeFile(input, bytes);
    return { input, output, result: () => normaliseImage(input, output, options) };
  }

  async function expectRejected(promise: Promise<unknown>, message: string) {
    const error = await captureError(promise);
    expect(error).toBeInstanceOf(ImageRejectedError);
    expect(error.message).toBe(message);
  }

  async function expectNoOutput(output: string) {
    const leftovers = (await dir.list()).filter((name) => name.includes(output.split('/').pop()!));
    expect(leftovers).toEqual([]);
  }

  describe('files with nothing to fix are stored byte-for-byte', () => {
    it.each(['jpeg', 'png', 'webp', 'avif', 'gif'] as const)('%s', async (format) => {
      const bytes = await halvesImage(60, 40).toFormat(format).toBuffer();
      const { output, result } = await run(bytes);
      await expect(result()).resolves.toEqual({ format, width: 60, height: 40, filesize: bytes.length, animated: false, placeholder: anyPlaceholder });
      expect((await readFile(output)).equals(bytes)).toBe(true);
    });

    it('a large JPEG whose sides are not multiples of 8 is verified and kept', async () => {
      const bytes = await noiseImage(1001, 751).jpeg().toBuffer();
      const { output, result } = await run(bytes);
      await expect(result()).resolves.toEqual({ format: 'jpeg', width: 1001, height: 751, filesize: bytes.length, animated: false, placeholder: anyPlaceholder });
      expect((await readFile(output)).equals(bytes)).toBe(true);
    });

    it('keeps an ICC profile without re-encoding', async () => {
      const bytes = await halvesImage(60, 40).withIccProfile('p3').jpeg().toBuffer();
      const { output, result } = await run(bytes);
      await result();
      expect((await readFile(output)).equals(bytes)).toBe(true);
    });

    it.each(['gif', 'webp'] as const)('animated %s keeps all frames and reports one frame', async (format) => {
      const bytes = await (await animatedImage(3, 40, 30)).toFormat(format).toBuffer();
      const { output, result } = await run(bytes);
      await expect(result()).resolves.toEqual({ format, width: 40, height: 30, filesize: bytes.length, animated: true, placeholder: anyPlaceholder });
      const stored = await sharp(output).metadata();
      expect(stored.pages).toBe(3);
    });
  });

  describe('orientation and private metadata', () => {
    it('applies EXIF orientation 6 and removes the tag', async () => {
      const bytes = await halvesImage(60, 40).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
      expect((await sharp(bytes).metadata()).orientation).toBe(6);
      const { output, result } = await run(bytes, 'photo.jpg');

      await expect(result()).resolves.toMatchObject({ format: 'jpeg', width: 40, height: 60, animated: false });
      const stored = await sharp(output).metadata();
      expect([stored.format, stored.width, stored.height]).toEqual(['jpeg', 40, 60]);
      expect(stored.orientation).toBeUndefined();
      expect(stored.exif).toBeUndefined();
      // Rotating 90° clockwise moves the red left half to the top.
      expect(isClose(await pixelAt(output, 20, 5), RED)).toBe(true);
      expect(isClose(await pixelAt(output, 20, 55), BLUE)).toBe(true);
    });

    it('strips GPS EXIF and XMP from a JPEG but keeps its ICC profile', async () => {
      const bytes = await halvesImage(64, 48).withExif(GPS_EXIF).withXmp(XMP).withIccProfile('p3').jpeg().toBuffer();
      const before = await sharp(bytes).metadata();
      expect(before.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true); // GPS IFD pointer tag 0x8825, little-endian
      expect(before.exif?.includes('Private Person')).toBe(true);
      expect(before.xmp).toBeDefined();
      const { output, result } = await run(bytes);

      const stored = await result();
      const written = await readFile(output);
      const after = await sharp(written).metadata();
      expect(stored).toEqual({ format: 'jpeg', width: 64, height: 48, filesize: written.length, animated: false, placeholder: anyPlaceholder });
      expect(after.exif).toBeUndefined();
      expect(after.xmp).toBeUndefined();
      expect(after.icc).toBeDefined();
      expect(written.includes('Private Person')).toBe(false);
      expect(isClose(await pixelAt(output, 5, 5), RED)).toBe(true);
    });

    it.each(['png', 'webp', 'avif'] as const)('strips EXIF from %s and keeps the format', async (format) => {
      const bytes = await halvesImage(64, 48).withExif(GPS_EXIF).toFormat(format).toBuffer();
      expect((await sharp(bytes).metadata()).exif).toBeDefined();
      const { output, result } = await run(bytes);

      await expect(result()).resolves.toMatchObject({ format, width: 64, height: 48 });
      const after = await sharp(output).metadata();
      expect(after.format).toBe(format === 'avif' ? 'heif' : format);
      expect(after.exif).toBeUndefined();
      expect((await readFile(output)).includes('Private Person')).toBe(false);
    });

    it('re-encodes a PNG losslessly', async () => {
      const source = noiseImage(48, 32);
      const bytes = await source.clone().withExif(GPS_EXIF).png().toBuffer();
      const { output, result } = await run(bytes);
      await result();
      const [a, b] = await Promise.all([sharp(bytes).raw().toBuffer(), sharp(output).raw().toBuffer()]);
      expect(b.equals(a)).toBe(true);
    });

    it('keeps a lossless WebP lossless', async () => {
      const bytes = await noiseImage(48, 32).withExif(GPS_EXIF).webp({ lossless: true }).toBuffer();
      const { output, result } = await run(bytes);
      await result();
      const written = await readFile(output);
      expect(isLosslessWebp(written)).toBe(true);
      expect((await sharp(written).metadata()).exif).toBeUndefined();
    });

    it('orients every frame of an animated WebP', async () => {
      const bytes = await (await animatedImage(3, 40, 30)).withMetadata({ orientation: 6 }).webp().toBuffer();
      const { output, result } = await run(bytes);

      await expect(result()).resolves.toMatchObject({ format: 'webp', width: 30, height: 40, animated: true });
      const after = await sharp(output).metadata();
      expect([after.pages, after.width, after.height, after.orientation, after.exif]).toEqual([3, 30, 40, undefined, undefined]);
    });
  });

  describe('text metadata is cut out, pixels untouched', () => {
    const SECRET = 'secret-home-address';
    const rawPixels = (input: string | Buffer) => sharp(input).raw().toBuffer();

    async function expectStoredWithout(bytes: Buffer, ...absent: string[]) {
      const { output, result } = await run(bytes);
      const stored = await result();
      const written = await readFile(output);
      for (const text of absent) expect(written.includes(text)).toBe(false);
      expect((await rawPixels(written)).equals(await rawPixels(bytes))).toBe(true);
      expect(stored.filesize).toBe(written.length);
      return written;
    }

    it('a PNG with tEXt and iTXt chunks', async () => {
      const png = await noiseImage(40, 30).png().toBuffer();
      const withText = withPngChunk(withPngChunk(png, 'tEXt', Buffer.from(`Comment\0${SECRET}`)), 'iTXt', Buffer.from(`Title\0\0\0en\0Title\0${SECRET}`));
      expect((await expectStoredWithout(withText, SECRET)).equals(png)).toBe(true);
    });

    it('a JPEG with a comment, kept as it was otherwise (not re-encoded)', async () => {
      const jpeg = await noiseImage(64, 48).withIccProfile('p3').jpeg().toBuffer();
      const written = await expectStoredWithout(withJpegSegments(jpeg, jpegSegment(0xfe, SECRET)), SECRET);
      expect(written.equals(jpeg)).toBe(true);
    });

    it('a JPEG with data after its end-of-image marker', async () => {
      const jpeg = await noiseImage(64, 48).jpeg().toBuffer();
      expect((await expectStoredWithout(Buffer.concat([jpeg, Buffer.from(SECRET)]), SECRET)).equals(jpeg)).toBe(true);
    });

    it('a JPEG with an MPF second image holding GPS', async () => {
      const primary = await noiseImage(64, 48).jpeg().toBuffer();
      const secondary = await noiseImage(16, 16).withExif({ IFD0: { Copyright: SECRET }, IFD3: GPS_EXIF.IFD3 }).jpeg().toBuffer();
      const written = await expectStoredWithout(withMpfSecondImage(primary, secondary), SECRET, 'MPF\0', 'Exif\0');
      expect(written.equals(primary)).toBe(true);
    });
  });

  describe('rejections', () => {
    it.each(['jpeg', 'png', 'webp', 'gif', 'avif'] as const)('a %s cut to 60%% is truncated', async (format) => {
      const bytes = await noiseImage(300, 200).toFormat(format).toBuffer();
      const { output, result } = await run(bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      await expectRejected(result(), 'Image is truncated or corrupt');
      await expectNoOutput(output);
    });

    // A JPEG kept as it is gets libjpeg's 1/8 scaled decode: it must refuse as much as a full decode.
    it.each([false, true])('a JPEG kept as it is (progressive: %s), cut late, is truncated', async (progressive) => {
      const bytes = await noiseImage(1001, 751).jpeg({ progressive }).toBuffer();
      const { output, result } = await run(bytes.subarray(0, Math.floor(bytes.length * 0.95)));
      await expectRejected(result(), 'Image is truncated or corrupt');
      await expectNoOutput(output);
    });

    it('a truncated JPEG that needs re-encoding is rejected too', async () => {
      const bytes = await noiseImage(300, 200).withMetadata({ orientation: 6 }).jpeg().toBuffer();
      const { output, result } = await run(bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      await expectRejected(result(), 'Image is truncated or corrupt');
      await expectNoOutput(output);
    });

    it('a PNG claiming 100000x100000 is refused from its header, quickly', async () => {
      const { output, result } = await run(pngClaiming(100_000, 100_000), 'bomb.png');
      const started = Date.now();
      await expectRejected(result(), 'Image dimensions 100000x100000 exceed the limit of 100000000 pixels');
      expect(Date.now() - started).toBeLessThan(2000);
      await expectNoOutput(output);
    });

    it('a header within the limit that lies about its data is still caught', async () => {
      const { result } = await run(pngClaiming(5000, 5000), 'liar.png');
      await expectRejected(result(), 'Image is truncated or corrupt');
    });

    it('counts every frame of an animation against the limit', async () => {
      const bytes = await (await animatedImage(3, 40, 30)).gif().toBuffer();
      const { result } = await run(bytes, 'anim.gif', { ...opts, maxPixels: 3000 });
      await expectRejected(result(), 'Image dimensions 40x30 with 3 frames exceed the limit of 3000 pixels');
    });

    it('text named .jpg is an unsupported file type', async () => {
      const { output, result } = await run(Buffer.from('just some text pretending to be a photo\n'.repeat(20)), 'photo.jpg');
      await expectRejected(result(), 'Unsupported file type');
      await expectNoOutput(output);
    });

    it('random bytes after a JPEG signature are corrupt', async () => {
      const junk = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('x'.repeat(500))]);
      const { result } = await run(junk);
      await expectRejected(result(), 'Image is truncated or corrupt');
    });

    it('an unwritable output directory is an environment error, not a rejection', async () => {
      const bytes = await halvesImage(8, 8).png().toBuffer();
      const input = dir.file('env.png');
      await writeFile(input, bytes);
      const error = await captureError(normaliseImage(input, dir.file('missing-dir/out'), opts));
      expect(error).not.toBeInstanceOf(ImageRejectedError);
      expect((error as NodeJS.ErrnoException).code).toBe('ENOENT');
    });
  });
});
