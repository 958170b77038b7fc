import { formatMegabyteLimit, formatMegabytes } from './megabytes';

describe('formatMegabytes', () => {
  it.each([
    [157286400, '150.00'],
    [12 * 1024 * 1024, '12.00'],
    [1024 * 1024 + 5243, '1.01'],
    [1536, '0.00'],
    [0, '0.00'],
  ])('%d bytes → %s', (bytes, expected) => {
    expect(formatMegabytes(bytes)).toBe(expected);
  });

  it('prints whole-MB limits as integers', () => {
    expect(formatMegabyteLimit(10 * 1024 * 1024)).toBe('10');
    expect(formatMegabyteLimit(1.5 * 1024 * 1024)).toBe('1.50');
  });
});
