import { fileTooLargeMessage } from '@app/errors';
import { FetchError } from './fetch-error';

/** `actualBytes` comes from Content-Length; without it we only know the stream overflowed. */
export function tooLargeError(maxBytes: number, actualBytes?: number): FetchError {
  return new FetchError('too_large', fileTooLargeMessage(actualBytes, maxBytes));
}
