import { fileTooLargeMessage, formatMegabyteLimit, formatMegabytes } from './size-message';

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

describe('fileTooLargeMessage', () => {
  it('states the real size, or an overflow when the size is unknown', () => {
    expect(fileTooLargeMessage(150 * 1024 * 1024, 70 * 1024 * 1024)).toBe('File too large: 150.00 MB. Maximum file size is 70 MB.');
    expect(fileTooLargeMessage(undefined, 20 * 1024 * 1024)).toBe('File too large: more than 20.00 MB. Maximum file size is 20 MB.');
  });
});
