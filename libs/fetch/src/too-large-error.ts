import { FetchError } from './fetch-error';

const MB = 1024 * 1024;

const formatLimit = (maxBytes: number): string => {
  const mb = maxBytes / MB;
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(2);
};

/** `actualBytes` comes from Content-Length; without it we only know the stream overflowed. */
export function tooLargeError(maxBytes: number, actualBytes?: number): FetchError {
  const size = actualBytes === undefined ? `more than ${(maxBytes / MB).toFixed(2)}` : (actualBytes / MB).toFixed(2);
  return new FetchError('too_large', `File too large: ${size} MB. Maximum file size is ${formatLimit(maxBytes)} MB.`);
}
