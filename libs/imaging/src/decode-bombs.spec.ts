import sharp from 'sharp';
import { toDecodeRejection } from './decode-errors';
import { ImageRejectedError } from './errors';
import type { NormaliseOptions } from './normalised-image';
import { blankIconDib, pngClaiming } from './testing/byte-fixtures';
import {
  gifWithScreen,
  icoRepeating,
  layeredFilterSvg,
  monochromeBmp,
  turbulenceSvg,
} from './testing/bomb-fixtures';
import { captureError } from './testing/capture-error';
import { RED, solidPng } from './testing/raster-fixtures';
import { useNormaliseHarness } from './testing/normalise-harness';

const opts: NormaliseOptions = { maxPixels: 100_000_000, maxSvgBytes: 10 * 1024 * 1024, timeoutSeconds: 30 };
// The isolated decoder's limit counts from the child being ready, so a slow start (Jest transpiles its
// TypeScript) does not count; each bomb below takes several seconds to decode even on a quiet machine.
const strict: NormaliseOptions = { ...opts, timeoutSeconds: 2 };

describe('normaliseImage bounds every decode (render bombs)', () => {
  const { normalise } = useNormaliseHarness(opts);

  /** The refusal, and how long it took to come. */
  async function refusal(bytes: Buffer, options = opts) {
    const started = Date.now();
    const error = await captureError(normalise(bytes, options));
    expect(error).toBeInstanceOf(ImageRejectedError);
    return { message: error.message, ms: Date.now() - started };
  }

  /** Largest gap between event-loop turns while `work` runs. */
  async function longestStall(work: () => Promise<unknown>) {
    let last = Date.now();
    let longest = 0;
    const ticker = setInterval(() => {
      longest = Math.max(longest, Date.now() - last);
      last = Date.now();
    }, 10);
    try {
      await work();
    } finally {
      clearInterval(ticker);
    }
    return longest;
  }

  describe('SVG', () => {
    it('draws a 9000×9000 filter canvas scaled down, in seconds rather than minutes', async () => {
      const started = Date.now();
      await expect(normalise(turbulenceSvg())).resolves.toMatchObject({ format: 'svg', width: 9000, height: 9000 });
      expect(Date.now() - started).toBeLessThan(15_000);
    });

    it('kills a render that runs past the time limit, without blocking the event loop', async () => {
      let outcome: { message: string; ms: number } | undefined;
      const stall = await longestStall(async () => (outcome = await refusal(layeredFilterSvg(), strict)));
      expect(outcome).toEqual({ message: 'Image took too long to process', ms: expect.any(Number) });
      expect(outcome!.ms).toBeLessThan(9000);
      expect(stall).toBeLessThan(1000); // decoding on the event loop stalls it for seconds
    });

    it('still accepts an ordinary SVG under the same strict limit', async () => {
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="20"/></svg>');
      await expect(normalise(svg, strict)).resolves.toMatchObject({ format: 'svg', width: 64 });
    });
  });

  describe('ICO', () => {
    it('counts every directory entry: eight entries naming one 4096² DIB are refused before decoding', async () => {
      const { message, ms } = await refusal(icoRepeating(blankIconDib(4096), 8));
      expect(message).toBe('Icon images total 134217728 pixels, exceeding the limit of 100000000 pixels');
      expect(ms).toBeLessThan(4000); // decoding first would take far longer; the margin is for a loaded CI machine
    });

    it('refuses 200 entries naming one 10000×9999 PNG before decoding any', async () => {
      const { message, ms } = await refusal(icoRepeating(pngClaiming(10000, 9999), 200));
      expect(message).toBe('Icon images total 19998000000 pixels, exceeding the limit of 100000000 pixels');
      expect(ms).toBeLessThan(4000); // decoding first would take far longer; the margin is for a loaded CI machine
    });

    it('accepts repeated entries whose total fits, decoding the shared image once', async () => {
      const bytes = icoRepeating(await solidPng(32, 32, RED), 3);
      await expect(normalise(bytes, strict)).resolves.toMatchObject({ format: 'ico', width: 32, height: 32 });
    });

    it('decodes DIB entries off the event loop', async () => {
      const stall = await longestStall(() => normalise(icoRepeating(blankIconDib(2048), 4)));
      expect(stall).toBeLessThan(1000); // decoding on the event loop stalls it for seconds
    });
  });

  describe('BMP', () => {
    const bomb = monochromeBmp(9999, 9999);

    it('stops a 12.5 MB, 100 Mpx BMP at the time limit without blocking the event loop', async () => {
      expect(bomb.length).toBeLessThan(12.6 * 1024 * 1024);
      let outcome: { message: string; ms: number } | undefined;
      const stall = await longestStall(async () => (outcome = await refusal(bomb, strict)));
      expect(outcome!.message).toBe('Image took too long to process');
      expect(outcome!.ms).toBeLessThan(9000);
      // Decoding on the event loop would stall it past the 2 s time limit (nothing could stop it sooner);
      // off the loop the longest stall is scheduling noise, which reached 1.1 s on a loaded 2-core machine.
      expect(stall).toBeLessThan(1800);
    });

    it('still decodes a small BMP under the same strict limit', async () => {
      await expect(normalise(monochromeBmp(64, 48), strict)).resolves.toMatchObject({ format: 'bmp', width: 64, height: 48 });
    });
  });

  describe('GIF', () => {
    it('refuses a 1×1 frame on a 65535×65535 logical screen', async () => {
      const { message } = await refusal(await gifWithScreen(65535, 65535));
      expect(message).toBe('Image dimensions 65535x65535 exceed the limit of 100000000 pixels');
    });

    it('accepts a GIF whose screen is its frame', async () => {
      await expect(normalise(await gifWithScreen(1, 1))).resolves.toMatchObject({ format: 'gif', width: 1, height: 1 });
    });
  });

  it("maps sharp's own timeout to the same refusal", async () => {
    const slow = sharp({ create: { width: 8000, height: 8000, channels: 3, background: '#345' } }).blur(80).timeout({ seconds: 1 });
    const error = await captureError(slow.raw().toBuffer());
    expect(error.message).toMatch(/^timeout: \d+% complete/);
    expect(toDecodeRejection(error, opts.maxPixels)).toEqual(new ImageRejectedError('Image took too long to process', 'too_large'));
  });
});
