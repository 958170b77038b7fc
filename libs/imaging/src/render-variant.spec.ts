import { readFile, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { OutputFormat } from '@app/formats';
import { ImageRejectedError } from './errors';
import { renderVariant } from './render-variant';
import { sniffFormat } from './sniff-format';
import { openVariantSource } from './variant-source';
import { buildBmp, buildIco } from './testing/byte-fixtures';
import { captureError } from './testing/capture-error';
import { HEIC_64X48_BASE64 } from './testing/heic-fixture';
import { animatedImage, BLUE, halvesImage, isClose, pixelAt, RED, solidPng } from './testing/raster-fixtures';
import { createTempDir, type TempDir } from './testing/temp-dir';
import { fitShortEdge } from './variant-geometry';

const limits = { maxPixels: 100_000_000 };
const WHITE = { r: 255, g: 255, b: 255 };

describe('renderVariant', () => {
  let dir: TempDir;
  let counter = 0;
  let landscape: string;
  let portrait: string;
  let small: string;
  beforeAll(async () => {
    dir = await createTempDir();
    landscape = await store('landscape.jpg', await halvesImage(2400, 1200).jpeg().toBuffer());
    portrait = await store('portrait.png', await halvesImage(600, 1200).png().toBuffer());
    small = await store('small.webp', await halvesImage(200, 100).webp().toBuffer());
  });
  afterAll(() => dir.remove());

  async function store(name: string, bytes: Buffer): Promise<string> {
    await writeFile(dir.file(name), bytes);
    return dir.file(name);
  }

  const out = () => dir.file(`variant-${++counter}`);

  describe('scaled sizes', () => {
    it.each([
      ['s', 640, 320],
      ['m', 1280, 640],
      ['l', 2160, 1080],
      ['o', 2400, 1200],
    ] as const)('%s scales the short edge of a 2400x1200 image to %ix%i', async (size, width, height) => {
      const output = out();
      const result = await renderVariant(landscape, output, size, 'jpeg', limits);
      const written = await sharp(output).metadata();
      expect(result).toEqual({ width, height, filesize: (await readFile(output)).length });
      expect([written.format, written.width, written.height]).toEqual(['jpeg', width, height]);
    });

    it('uses the width as the short edge of a portrait image', async () => {
      await expect(renderVariant(portrait, out(), 's', 'png', limits)).resolves.toMatchObject({ width: 320, height: 640 });
    });

    it.each(['s', 'm', 'l'] as const)('never enlarges (%s of a 200x100 image)', async (size) => {
      await expect(renderVariant(small, out(), size, 'webp', limits)).resolves.toMatchObject({ width: 200, height: 100 });
    });

    it('computes aspect-preserving targets', () => {
      expect(fitShortEdge({ width: 4000, height: 3000 }, 320)).toEqual({ width: 427, height: 320 });
      expect(fitShortEdge({ width: 1, height: 5000 }, 320)).toEqual({ width: 1, height: 5000 });
      expect(fitShortEdge({ width: 10000, height: 400 }, 320)).toEqual({ width: 8000, height: 320 });
    });
  });

  describe('output formats', () => {
    it.each(['jpeg', 'png', 'webp', 'avif', 'gif'] as const)('writes %s', async (format: OutputFormat) => {
      const output = out();
      await renderVariant(small, output, 'o', format, limits);
      const bytes = await readFile(output);
      expect(sniffFormat(bytes)).toBe(format);
      expect(isClose(await pixelAt(bytes, 20, 50), RED, 40)).toBe(true);
      expect(isClose(await pixelAt(bytes, 180, 50), BLUE, 40)).toBe(true);
    });

    it('does not carry EXIF into variants', async () => {
      const source = await store('exif.jpg', await halvesImage(100, 100).withExif({ IFD0: { Copyright: 'Someone' } }).jpeg().toBuffer());
      const output = out();
      await renderVariant(source, output, 'o', 'jpeg', limits);
      expect((await sharp(output).metadata()).exif).toBeUndefined();
    });
  });

  describe('social', () => {
    it('letterboxes into 1200x630 on white for JPEG', async () => {
      const output = out();
      await expect(renderVariant(portrait, output, 'social', 'jpeg', limits)).resolves.toMatchObject({ width: 1200, height: 630 });
      expect(isClose(await pixelAt(output, 5, 315), WHITE, 3)).toBe(true);
      expect(isClose(await pixelAt(output, 1195, 315), WHITE, 3)).toBe(true);
      expect(isClose(await pixelAt(output, 500, 315), RED)).toBe(true);
    });

    it('pads with transparency for formats with alpha', async () => {
      const output = out();
      await expect(renderVariant(portrait, output, 'social', 'png', limits)).resolves.toMatchObject({ width: 1200, height: 630 });
      const { data, info } = await sharp(output).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([1200, 630]);
      expect(data[(315 * 1200 + 5) * 4 + 3]).toBe(0);
      expect(data[(315 * 1200 + 600) * 4 + 3]).toBe(255);
    });

    it('enlarges small images to fill the social card', async () => {
      await expect(renderVariant(small, out(), 'social', 'webp', limits)).resolves.toMatchObject({ width: 1200, height: 630 });
    });
  });

  describe('animation', () => {
    let gif: string;
    beforeAll(async () => {
      gif = await store('anim.gif', await (await animatedImage(3, 800, 600)).gif().toBuffer());
    });

    it.each(['webp', 'gif'] as const)('keeps every frame when resizing to %s', async (format) => {
      const output = out();
      await expect(renderVariant(gif, output, 's', format, limits)).resolves.toMatchObject({ width: 427, height: 320 });
      const written = await sharp(output).metadata();
      expect([written.format, written.pages, written.width, written.height]).toEqual([format, 3, 427, 320]);
    });

    it('keeps every frame of the social card', async () => {
      const output = out();
      await expect(renderVariant(gif, output, 'social', 'webp', limits)).resolves.toMatchObject({ width: 1200, height: 630 });
      expect((await sharp(output).metadata()).pages).toBe(3);
    });

    it('uses the first frame for formats without animation', async () => {
      const output = out();
      await expect(renderVariant(gif, output, 'm', 'png', limits)).resolves.toMatchObject({ width: 800, height: 600 });
      expect((await sharp(output).metadata()).pages).toBeUndefined();
      expect(isClose(await pixelAt(output, 400, 300), RED, 8)).toBe(true);
    });
  });

  describe('originals sharp cannot read', () => {
    it.each([false, true])('renders a BMP (top-down: %s) with the right orientation', async (topDown) => {
      const source = await store(`bmp-${topDown}.bmp`, buildBmp(64, 40, (x, y) => (y < 20 ? RED : BLUE), { topDown }));
      const output = out();
      await expect(renderVariant(source, output, 'o', 'png', limits)).resolves.toMatchObject({ width: 64, height: 40 });
      expect(await pixelAt(output, 10, 5)).toEqual(RED);
      expect(await pixelAt(output, 10, 35)).toEqual(BLUE);
    });

    it('renders the largest image of an ICO', async () => {
      const source = await store('icon.ico', buildIco([{ data: await solidPng(16, 16, RED), size: 16 }, { data: await solidPng(48, 48, BLUE), size: 48 }]));
      const output = out();
      await expect(renderVariant(source, output, 'o', 'png', limits)).resolves.toMatchObject({ width: 48, height: 48 });
      expect(await pixelAt(output, 24, 24)).toEqual(BLUE);
    });

    it('rasterises an SVG', async () => {
      const source = await store('drawing.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="90" height="60"><rect width="90" height="60" fill="#c81e28"/></svg>'));
      const output = out();
      await expect(renderVariant(source, output, 'o', 'png', limits)).resolves.toMatchObject({ width: 90, height: 60 });
      expect(isClose(await pixelAt(output, 45, 30), RED, 2)).toBe(true);
    });
  });

  describe('rejections', () => {
    it('refuses a HEIC, which is never a stored original', async () => {
      const source = await store('photo.heic', Buffer.from(HEIC_64X48_BASE64, 'base64'));
      const error = await captureError(renderVariant(source, out(), 's', 'jpeg', limits));
      expect(error).toBeInstanceOf(ImageRejectedError);
      expect(error.message).toBe('Unsupported file type');
    });

    it('applies the pixel limit', async () => {
      const output = out();
      const error = await captureError(renderVariant(landscape, output, 's', 'jpeg', { maxPixels: 1000 }));
      expect(error.message).toBe('Image dimensions 2400x1200 exceed the limit of 1000 pixels');
      expect((await dir.list()).some((name) => name.includes(output.split('/').pop()!))).toBe(false);
    });

    // Size o converts at full size: the same MAX_INPUT_PIXELS as the upload bounds it, to the pixel.
    it.each(['webp', 'avif', 'png'] as const)('bounds a size-o conversion to %s by the pixel limit: at it renders, one pixel under it is refused', async (format) => {
      const atLimit = 2400 * 1200;
      await expect(renderVariant(landscape, out(), 'o', format, { maxPixels: atLimit })).resolves.toMatchObject({ width: 2400, height: 1200 });
      const error = await captureError(renderVariant(landscape, out(), 'o', format, { maxPixels: atLimit - 1 }));
      expect(error).toBeInstanceOf(ImageRejectedError);
      expect(error.message).toBe(`Image dimensions 2400x1200 exceed the limit of ${atLimit - 1} pixels`);
    });

    it('counts every frame of an animation kept in the conversion, and only the first when it is not', async () => {
      const gif = await store('frames.gif', await (await animatedImage(3, 400, 300)).gif().toBuffer());
      const oneFrame = 400 * 300;
      const error = await captureError(renderVariant(gif, out(), 'o', 'webp', { maxPixels: 3 * oneFrame - 1 }));
      expect(error).toBeInstanceOf(ImageRejectedError);
      await expect(renderVariant(gif, out(), 'o', 'webp', { maxPixels: 3 * oneFrame })).resolves.toMatchObject({ width: 400, height: 300 });
      await expect(renderVariant(gif, out(), 'o', 'png', { maxPixels: oneFrame })).resolves.toMatchObject({ width: 400, height: 300 });
    });

    it("opens the original with sharp's own limitInputPixels, not only a header check", async () => {
      const source = await openVariantSource(landscape, 2400 * 1200, false);
      const input = (source.image as unknown as { options: { input: { limitInputPixels: number } } }).options.input;
      expect(input.limitInputPixels).toBe(2400 * 1200);
    });
  });
});
