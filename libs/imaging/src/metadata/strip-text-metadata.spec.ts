import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { jpegSegment, pngChunk, withJpegSegments, withMpfSecondImage } from '../testing/byte-fixtures';
import { animatedImage, noiseImage } from '../testing/raster-fixtures';
import { MalformedContainerError } from './byte-ranges';
import { stripTextMetadata } from './strip-text-metadata';

const SECRET = 'secret-home-address';
const GPS_EXIF = {
  IFD0: { Copyright: SECRET, Make: 'PhoneCo' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
};
const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description>${SECRET}</rdf:Description></rdf:RDF></x:xmpmeta>`;

/** Every pixel of every frame, decoded: what a viewer draws. */
async function rawPixels(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes, { animated: true }).raw().toBuffer();
}

function pngChunkTypes(png: Buffer): string[] {
  const types: string[] = [];
  for (let offset = 8; offset < png.length; offset += 12 + png.readUInt32BE(offset)) types.push(png.toString('latin1', offset + 4, offset + 8));
  return types;
}

async function expectSameImageWithout(original: Buffer, stripped: Buffer | null, ...absent: string[]) {
  expect(stripped).not.toBeNull();
  for (const text of absent) expect(stripped!.includes(text)).toBe(false);
  expect((await rawPixels(stripped!)).equals(await rawPixels(original))).toBe(true);
}

describe('stripTextMetadata', () => {
  it('removes PNG text, compressed text, international text and EXIF chunks and bytes after IEND, keeping the ICC profile', async () => {
    const base = await noiseImage(40, 30).withExif(GPS_EXIF).withIccProfile('p3').png().toBuffer();
    expect(pngChunkTypes(base)).toContain('eXIf');
    let png = base;
    png = Buffer.concat([png.subarray(0, 33), pngChunk('tEXt', Buffer.from(`Comment\0${SECRET}`)), png.subarray(33)]);
    png = Buffer.concat([png.subarray(0, 33), pngChunk('zTXt', Buffer.concat([Buffer.from('Author\0\0'), deflateSync(SECRET)])), png.subarray(33)]);
    png = Buffer.concat([png.subarray(0, 33), pngChunk('iTXt', Buffer.from(`Title\0\0\0en\0Title\0${SECRET}`)), png.subarray(33)]);
    png = Buffer.concat([png, Buffer.from(SECRET)]);

    const stripped = stripTextMetadata(png, 'png');
    await expectSameImageWithout(png, stripped, SECRET, 'tEXt', 'zTXt', 'iTXt', 'eXIf');
    expect(pngChunkTypes(stripped!)).toEqual(pngChunkTypes(base).filter((type) => type !== 'eXIf'));
    expect((await sharp(stripped!).metadata()).icc).toBeDefined();
  });

  it('removes JPEG comments, EXIF with GPS, XMP, IPTC and foreign APPn segments, keeping JFIF and ICC, without re-encoding', async () => {
    const base = await noiseImage(64, 48).withExif(GPS_EXIF).withXmp(XMP).withIccProfile('p3').jpeg().toBuffer();
    const jpeg = withJpegSegments(
      base,
      jpegSegment(0xfe, SECRET),
      jpegSegment(0xed, `Photoshop 3.0\0${SECRET}`),
      jpegSegment(0xef, `vendor\0${SECRET}`),
    );
    const stripped = stripTextMetadata(jpeg, 'jpeg');
    await expectSameImageWithout(jpeg, stripped, SECRET, 'Exif\0', 'http://ns.adobe.com/xap', 'Photoshop');
    const after = await sharp(stripped!).metadata();
    expect([after.exif, after.xmp, after.iptc, after.comments]).toEqual([undefined, undefined, undefined, undefined]);
    expect(after.icc).toBeDefined();
    // The scan is kept byte for byte: the file ends with exactly the original's entropy-coded data.
    expect(stripped!.subarray(-2000).equals(base.subarray(-2000))).toBe(true);
  });

  it('drops what follows a JPEG end-of-image marker', async () => {
    const base = await noiseImage(32, 32).jpeg().toBuffer();
    const stripped = stripTextMetadata(Buffer.concat([base, Buffer.from(SECRET)]), 'jpeg');
    expect(stripped!.equals(base)).toBe(true);
  });

  it('drops an MPF second image and the MPF segment that points at it', async () => {
    const primary = await noiseImage(48, 32).jpeg().toBuffer();
    const secondary = await noiseImage(16, 16).withExif(GPS_EXIF).jpeg().toBuffer();
    expect(secondary.includes(SECRET)).toBe(true);
    const camera = withMpfSecondImage(primary, secondary);

    const stripped = stripTextMetadata(camera, 'jpeg');
    await expectSameImageWithout(camera, stripped, SECRET, 'MPF\0');
    expect(stripped!.equals(primary)).toBe(true);
  });

  it('removes GIF comments, XMP and bytes after the trailer, keeping every frame and the loop', async () => {
    const base = await (await animatedImage(3, 20, 10)).gif({ loop: 2 }).toBuffer();
    const comment = Buffer.concat([Buffer.from([0x21, 0xfe, SECRET.length]), Buffer.from(SECRET), Buffer.from([0])]);
    const xmp = Buffer.concat([Buffer.from([0x21, 0xff, 11]), Buffer.from('XMP DataXMP'), Buffer.from([SECRET.length]), Buffer.from(SECRET), Buffer.from([0])]);
    const afterHeader = 13 + 3 * 2 ** ((base[10] & 7) + 1) * (base[10] >> 7);
    const gif = Buffer.concat([base.subarray(0, afterHeader), comment, xmp, base.subarray(afterHeader), Buffer.from(SECRET)]);

    const stripped = stripTextMetadata(gif, 'gif');
    await expectSameImageWithout(gif, stripped, SECRET, 'XMP DataXMP');
    expect(stripped!.equals(base)).toBe(true);
    const after = await sharp(stripped!).metadata();
    expect([after.pages, after.loop]).toEqual([3, 2]);
  });

  it('removes WebP EXIF and XMP chunks and their VP8X flags, keeping the ICC profile', async () => {
    const webp = await noiseImage(40, 30).withExif(GPS_EXIF).withXmp(XMP).withIccProfile('p3').webp({ lossless: true }).toBuffer();
    expect(webp.includes('EXIF') && webp.includes('XMP ')).toBe(true);

    const stripped = stripTextMetadata(webp, 'webp');
    await expectSameImageWithout(webp, stripped, SECRET, 'EXIF', 'XMP ');
    expect(stripped!.readUInt32LE(4)).toBe(stripped!.length - 8);
    expect(stripped![20] & 0x0c).toBe(0);
    const after = await sharp(stripped!).metadata();
    expect([after.exif, after.xmp]).toEqual([undefined, undefined]);
    expect(after.icc).toBeDefined();
  });

  it.each(['jpeg', 'png', 'gif', 'webp'] as const)('leaves a %s with nothing to remove alone', async (format) => {
    const plain = await noiseImage(20, 20).toFormat(format).toBuffer();
    expect(stripTextMetadata(plain, format)).toBeNull();
  });

  it.each([
    ['png', (png: Buffer) => png.subarray(0, 40)],
    ['jpeg', (jpeg: Buffer) => jpeg.subarray(0, 30)],
    ['gif', (gif: Buffer) => gif.subarray(0, gif.length - 1)],
    ['webp', (webp: Buffer) => webp.subarray(0, 20)],
  ] as const)('reports a %s whose structure cannot be walked', async (format, cut) => {
    const plain = await noiseImage(20, 20).toFormat(format).toBuffer();
    expect(() => stripTextMetadata(cut(plain), format)).toThrow(MalformedContainerError);
  });
});
