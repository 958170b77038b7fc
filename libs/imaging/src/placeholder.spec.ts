import sharp from 'sharp';
import { dominantColour } from './dominant-colour';
import { buildBmp, buildIco, buildIconDib } from './testing/byte-fixtures';
import { HEIC_64X48_BASE64 } from './testing/heic-fixture';
import { useNormaliseHarness } from './testing/normalise-harness';
import { decodedThumbhash, expectClose, hex, redWithBlueQuarter, rgbOf } from './testing/placeholder-expectations';
import { animatedImage, BLUE, RED, type Rgb, solidPng } from './testing/raster-fixtures';

const opts = { maxPixels: 100_000_000, maxSvgBytes: 10 * 1024 * 1024, timeoutSeconds: 30 };

const quarters = redWithBlueQuarter;

describe('placeholders (thumbhash and dominant colour) of every raster format', () => {
  const { normalise } = useNormaliseHarness(opts);

  async function placeholderOf(bytes: Buffer) {
    const { placeholder } = await normalise(bytes);
    if (!placeholder) throw new Error('no placeholder');
    return { dominant: rgbOf(placeholder.dominantColor), decoded: decodedThumbhash(placeholder.thumbhash), placeholder };
  }

  function expectRedLeftBlueRight({ dominant, decoded }: { dominant: Rgb; decoded: ReturnType<typeof decodedThumbhash> }) {
    expectClose(dominant, RED, 12);
    expectClose(decoded.left, RED, 48);
    // A ThumbHash keeps a few low frequencies only: the narrow blue quarter comes back bluer than the red, not pure.
    expect(decoded.right.b - decoded.right.r).toBeGreaterThan(decoded.left.b - decoded.left.r + 80);
  }

  it.each([
    ['jpeg kept as it is', () => quarters(800, 600).jpeg({ quality: 95 }).toBuffer()],
    ['png', () => quarters(160, 120).png().toBuffer()],
    ['webp', () => quarters(160, 120).webp({ quality: 95 }).toBuffer()],
    ['gif', () => quarters(160, 120).gif().toBuffer()],
    ['avif (re-encoded)', () => quarters(160, 120).avif({ quality: 80 }).toBuffer()],
  ])('%s: red dominates, and the hash decodes to red on the left and blue on the right', async (_label, make) => {
    expectRedLeftBlueRight(await placeholderOf(await make()));
  });

  it('a solid colour comes back exactly as the dominant colour, and the hash decodes to it', async () => {
    const { placeholder, decoded } = await placeholderOf(await solidPng(120, 90, RED));
    expect(placeholder.dominantColor).toBe(hex(RED));
    expectClose(decoded.all, RED, 8);
  });

  it('is taken from the stored orientation: an EXIF-rotated JPEG has its red side on top', async () => {
    const { dominant, decoded } = await placeholderOf(await quarters(160, 120).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer());
    expectClose(dominant, RED, 12);
    expectClose(decoded.top, RED, 48);
    expect(decoded.bottom.b - decoded.bottom.r).toBeGreaterThan(80);
  });

  it.each(['gif', 'webp'] as const)('an animated %s gets the placeholder of its first frame', async (format) => {
    // Frames alternate RED and BLUE; two of three are red, so only the first frame tells which it is.
    const bytes = await (await animatedImage(3, 40, 30)).toFormat(format).toBuffer();
    const { placeholder, decoded } = await placeholderOf(bytes);
    expectClose(rgbOf(placeholder.dominantColor), RED, 12);
    expectClose(decoded.all, RED, 24);
    const blueFirst = await sharp([await solidPng(40, 30, BLUE), await solidPng(40, 30, RED), await solidPng(40, 30, RED)], { join: { animated: true } })
      .toFormat(format)
      .toBuffer();
    expectClose(rgbOf((await placeholderOf(blueFirst)).placeholder.dominantColor), BLUE, 12);
  });

  it('HEIC (stored as JPEG) from its decoded pixels', async () => {
    const { decoded } = await placeholderOf(Buffer.from(HEIC_64X48_BASE64, 'base64'));
    expectClose(decoded.left, RED, 60);
    expect(decoded.right.b - decoded.right.r).toBeGreaterThan(80);
  });

  it('BMP from the isolated decoder', async () => {
    expectRedLeftBlueRight(await placeholderOf(buildBmp(160, 120, (x) => (x < 120 ? RED : BLUE))));
  });

  it('ICO from its largest image, a DIB or a PNG', async () => {
    const dib = buildIco([{ data: buildIconDib(16, BLUE), size: 16 }, { data: buildIconDib(48, RED), size: 48 }]);
    expectClose(rgbOf((await placeholderOf(dib)).placeholder.dominantColor), RED, 12);
    const png = buildIco([{ data: await solidPng(16, 16, RED), size: 16 }, { data: await solidPng(48, 48, BLUE), size: 48 }]);
    expectClose(rgbOf((await placeholderOf(png)).placeholder.dominantColor), BLUE, 12);
  });

  it('SVG has none', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"><rect width="30" height="20" fill="red"/></svg>';
    expect((await normalise(Buffer.from(svg))).placeholder).toBeNull();
  });

  it('none when not asked for (the benchmark measures its cost)', async () => {
    expect((await normalise(await solidPng(20, 20, RED), { ...opts, placeholders: false })).placeholder).toBeNull();
    expect((await normalise(await quarters(160, 120).jpeg().toBuffer(), { ...opts, placeholders: false })).placeholder).toBeNull();
  });
});

describe('dominantColour', () => {
  const image = (pixels: number[][]) => ({ width: pixels.length, height: 1, data: Uint8Array.from(pixels.flat()) });

  it('is the colour most of the image is, not the mean', () => {
    expect(dominantColour(image([[255, 0, 0, 255], [255, 0, 0, 255], [0, 0, 255, 255]]))).toBe('#ff0000');
  });

  it('leaves transparent pixels out', () => {
    expect(dominantColour(image([[0, 0, 255, 0], [0, 0, 255, 0], [0, 255, 0, 255]]))).toBe('#00ff00');
  });

  it('averages the pixels of the fullest box, so grain does not decide', () => {
    expect(dominantColour(image([[100, 100, 100, 255], [102, 98, 100, 255], [0, 0, 0, 255]]))).toBe('#656364');
  });

  it('counts every pixel of a fully transparent image alike', () => {
    expect(dominantColour(image([[10, 20, 30, 0], [10, 20, 30, 0]]))).toBe('#0a141e');
  });
});
