import { FetchError } from './fetch-error';
import { tooLargeError } from './too-large-error';

const MB = 1024 * 1024;

describe('tooLargeError', () => {
  it('reports the Content-Length when known', () => {
    const err = tooLargeError(20 * MB, 25 * MB);
    expect(err).toBeInstanceOf(FetchError);
    expect(err).toMatchObject({ kind: 'too_large', transient: false });
    expect(err.message).toBe('File too large: 25.00 MB. Maximum file size is 20 MB.');
  });

  it('uses two decimals for the size', () => {
    expect(tooLargeError(20 * MB, 20 * MB + 1).message).toBe('File too large: 20.00 MB. Maximum file size is 20 MB.');
    expect(tooLargeError(20 * MB, 31_457_281).message).toBe('File too large: 30.00 MB. Maximum file size is 20 MB.');
  });

  it('reports "more than" when only a stream overflow is known', () => {
    expect(tooLargeError(20 * MB).message).toBe('File too large: more than 20.00 MB. Maximum file size is 20 MB.');
  });

  it('shows a fractional limit with two decimals', () => {
    expect(tooLargeError(1.5 * MB).message).toBe('File too large: more than 1.50 MB. Maximum file size is 1.50 MB.');
  });
});
