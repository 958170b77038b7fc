import { randomBytes } from 'crypto';
import { base64Chunks, base64DecodedLength } from './base64-chunks';

const decoded = (text: string) => Buffer.concat([...base64Chunks(text)]);

describe('base64Chunks', () => {
  it.each([
    ['', ''],
    ['QUJD', 'ABC'],
    ['QUJ', 'AB'],
    ['QUJDR', 'ABC'],
    ['QU-_', 'AU\u00bf'],
    ['Q Q', 'A'],
    ['QUJD\nREVG', 'ABCDEF'],
    ['!!QUJD!', 'ABC'],
    ['QU=JD', 'A'],
    ['QUJD====QUJD', 'ABC'],
  ])('decodes %j as Buffer.from does', (text) => {
    expect(decoded(text)).toEqual(Buffer.from(text, 'base64'));
    expect(base64DecodedLength(text)).toBe(Buffer.from(text, 'base64').length);
  });

  it('decodes a text of many pieces, line-wrapped across their edges, in pieces of bounded size', () => {
    const bytes = randomBytes(1024 * 1024 + 7);
    const wrapped = bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
    const pieces = [...base64Chunks(wrapped)];
    expect(pieces.length).toBeGreaterThan(4);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThanOrEqual(192 * 1024);
    expect(Buffer.concat(pieces).equals(bytes)).toBe(true);
    expect(base64DecodedLength(wrapped)).toBe(bytes.length);
  });
});
