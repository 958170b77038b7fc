import type { Transform } from 'stream';
import * as zlib from 'zlib';
import { FetchError } from './fetch-error';

export const ACCEPT_ENCODING = 'gzip, deflate, br';
const MAX_CODINGS = 2;

// Lenient on a missing trailer, like browsers: a truncated but otherwise valid stream still decodes.
const zlibOptions = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const brotliOptions = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

function createDecoder(coding: string): Transform {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(zlibOptions);
    case 'deflate':
      return zlib.createInflate(zlibOptions);
    case 'br':
      return zlib.createBrotliDecompress(brotliOptions);
    default:
      throw new FetchError('network', 'Unsupported content encoding');
  }
}

/** Decoders for a Content-Encoding header, in the order they must be applied to the body. */
export function createDecoders(contentEncoding: string | undefined): Transform[] {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  if (codings.length > MAX_CODINGS) throw new FetchError('network', 'Unsupported content encoding');
  // Codings are listed in the order the server applied them, so they are undone last-first.
  return codings.reverse().map(createDecoder);
}
