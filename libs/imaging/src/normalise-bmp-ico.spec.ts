import { readFile } from 'node:fs/promises';
import { buildBmp, buildIco, buildIconDib, pngClaiming } from './testing/byte-fixtures';
import { anyPlaceholder } from './testing/placeholder-expectations';
import { BLUE, RED, solidPng } from './testing/raster-fixtures';
import { useNormaliseHarness } from './testing/normalise-harness';

const opts = { maxPixels: 100_000_000, maxSvgBytes: 10 * 1024 * 1024, timeoutSeconds: 30 };
const halves = (width: number) => (x: number) => (x < width / 2 ? RED : BLUE);

describe('normaliseImage (BMP and ICO)', () => {
  const { normaliseTo: normalise, expectRejected } = useNormaliseHarness(opts);

  describe('BMP', () => {
    it.each([
      ['24-bit bottom-up', {}],
      ['24-bit top-down', { topDown: true }],
      ['32-bit BITFIELDS', { bitsPerPixel: 32 as const }],
      ['32-bit BITFIELDS top-down', { bitsPerPixel: 32 as const, topDown: true }],
    ])('stores a %s BMP unchanged', async (_label, options) => {
      const bytes = buildBmp(31, 17, halves(31), options);
      const { output, result } = await normalise(bytes);
      expect(result).toEqual({ format: 'bmp', width: 31, height: 17, filesize: bytes.length, animated: false, placeholder: anyPlaceholder });
      expect((await readFile(output)).equals(bytes)).toBe(true);
    });

    it('rejects a truncated BMP', async () => {
      const bytes = buildBmp(40, 40, halves(40));
      await expectRejected(bytes.subarray(0, Math.floor(bytes.length * 0.6)), 'Image is truncated or corrupt');
    });

    it('refuses dimensions over the limit without decoding', async () => {
      const bytes = buildBmp(4, 4, halves(4));
      bytes.writeInt32LE(100_000, 18);
      bytes.writeInt32LE(100_000, 22);
      await expectRejected(bytes, 'Image dimensions 100000x100000 exceed the limit of 100000000 pixels');
    });

    it('refuses RLE compression it cannot validate', async () => {
      const bytes = buildBmp(4, 4, halves(4));
      bytes.writeUInt32LE(1, 30);
      await expectRejected(bytes, 'Unsupported BMP encoding');
    });
  });

  describe('ICO', () => {
    it('stores an ICO of PNGs unchanged and reports the largest image', async () => {
      const bytes = buildIco([
        { data: await solidPng(16, 16, RED), size: 16 },
        { data: await solidPng(48, 48, BLUE), size: 48 },
        { data: await solidPng(32, 32, RED), size: 32 },
      ]);
      const { output, result } = await normalise(bytes);
      expect(result).toEqual({ format: 'ico', width: 48, height: 48, filesize: bytes.length, animated: false, placeholder: anyPlaceholder });
      expect((await readFile(output)).equals(bytes)).toBe(true);
    });

    it('reads 256px PNG entries whose directory size byte is 0', async () => {
      const bytes = buildIco([{ data: await solidPng(256, 256, BLUE), size: 256 }]);
      expect((await normalise(bytes)).result).toMatchObject({ format: 'ico', width: 256, height: 256 });
    });

    it('decodes classic DIB icon entries', async () => {
      const bytes = buildIco([{ data: buildIconDib(32, RED), size: 32 }]);
      expect((await normalise(bytes)).result).toMatchObject({ format: 'ico', width: 32, height: 32 });
    });

    it('rejects an entry that points past the end of the file', async () => {
      const bytes = buildIco([{ data: await solidPng(16, 16, RED), size: 16 }]);
      await expectRejected(bytes.subarray(0, bytes.length - 10), 'Image is truncated or corrupt');
    });

    it('rejects a truncated PNG inside an ICO', async () => {
      const png = await solidPng(64, 64, RED);
      const bytes = buildIco([{ data: png.subarray(0, png.length - 20), size: 64 }]);
      await expectRejected(bytes, 'Image is truncated or corrupt');
    });

    it('refuses an embedded PNG claiming huge dimensions', async () => {
      const bytes = buildIco([{ data: pngClaiming(100_000, 100_000), size: 0 }]);
      await expectRejected(bytes, 'Image dimensions 100000x100000 exceed the limit of 100000000 pixels');
    });
  });
});
