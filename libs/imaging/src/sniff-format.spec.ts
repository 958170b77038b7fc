import sharp from 'sharp';
import { sniffFormat } from './sniff-format';
import { buildBmp, buildIco, buildIconDib, ftypHeader } from './testing/byte-fixtures';
import { HEIC_64X48_BASE64 } from './testing/heic-fixture';
import { BLUE, halvesImage, RED, solidPng } from './testing/raster-fixtures';

const svg = (text: string) => Buffer.from(text, 'utf8');

describe('sniffFormat', () => {
  it.each(['jpeg', 'png', 'webp', 'gif', 'avif'] as const)('detects %s written by sharp', async (format) => {
    const bytes = await halvesImage(16, 16).toFormat(format).toBuffer();
    expect(sniffFormat(bytes.subarray(0, 4096))).toBe(format);
  });

  it('detects a real HEIC file', () => {
    expect(sniffFormat(Buffer.from(HEIC_64X48_BASE64, 'base64'))).toBe('heic');
  });

  it('detects BMP and ICO built by hand', async () => {
    expect(sniffFormat(buildBmp(4, 4, () => RED))).toBe('bmp');
    expect(sniffFormat(buildIco([{ data: await solidPng(16, 16, BLUE), size: 16 }]))).toBe('ico');
    expect(sniffFormat(buildIco([{ data: buildIconDib(16, BLUE), size: 16 }]))).toBe('ico');
  });

  describe('ISO-BMFF brands', () => {
    it.each([
      ['avif', [], 'avif'],
      ['avis', ['msf1'], 'avif'],
      ['mif1', ['avif', 'mif1', 'miaf'], 'avif'],
      ['msf1', ['avis'], 'avif'],
      ['heic', ['mif1', 'heic'], 'heic'],
      ['heix', [], 'heic'],
      ['hevc', ['msf1'], 'heic'],
      ['hevx', [], 'heic'],
      ['heim', [], 'heic'],
      ['heis', [], 'heic'],
      ['mif1', ['heic'], 'heic'],
      ['mif1', ['miaf'], 'heic'],
      ['msf1', [], 'heic'],
      ['isom', ['iso2', 'avc1', 'mp41'], null],
      ['qt  ', [], null],
      ['crx ', ['isom'], null],
    ])('major %s compatible %j → %s', (major, compatible, expected) => {
      expect(sniffFormat(ftypHeader(major, compatible))).toBe(expected);
    });

    it('ignores brands beyond the declared ftyp box size', () => {
      const head = ftypHeader('mif1', []);
      head.write('avif', 16, 'latin1'); // outside the 16-byte box
      expect(sniffFormat(head)).toBe('heic');
    });
  });

  describe('SVG', () => {
    it.each([
      '<svg xmlns="http://www.w3.org/2000/svg"/>',
      '\uFEFF  \n<svg>',
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n<svg width="1">',
      '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg>',
      '<!DOCTYPE svg [ <!ENTITY a "x>y"> ]><?xml-stylesheet href="a.css"?><svg\n>',
    ])('accepts %j', (text) => {
      expect(sniffFormat(svg(text))).toBe('svg');
    });

    it.each(['<html><svg></svg></html>', '<svgfoo/>', 'hello <svg>', '<!-- unterminated <svg>', '<svg:svg xmlns:svg="x"/>', '<?xml version="1.0"?><root/>'])(
      'rejects %j',
      (text) => {
        expect(sniffFormat(svg(text))).toBeNull();
      },
    );
  });

  it.each([
    ['plain text', Buffer.from('hello, this is not an image at all')],
    ['empty', Buffer.alloc(0)],
    ['text starting with BM', Buffer.from('BMW owners club newsletter, issue 42.........')],
    ['RIFF that is not WebP', Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1')],
    ['ICO signature without entries', Buffer.from([0, 0, 1, 0, 0, 0, ...new Array(20).fill(0)])],
    ['lone JPEG SOI', Buffer.from([0xff, 0xd8])],
  ])('returns null for %s', (_label, bytes) => {
    expect(sniffFormat(bytes)).toBeNull();
  });

  it('reads sharp-made GIF with only its first bytes', async () => {
    const gif = await sharp({ create: { width: 2, height: 2, channels: 3, background: RED } }).gif().toBuffer();
    expect(sniffFormat(gif.subarray(0, 6))).toBe('gif');
  });
});
