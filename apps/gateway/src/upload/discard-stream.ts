import { Readable, Writable } from 'stream';
import { pipeline } from 'stream/promises';

/** Reads a stream to its end and drops its bytes; rejects as the stream errors (a store that keeps nothing). */
export function discardStream(body: Readable): Promise<void> {
  return pipeline(body, new Writable({ write: (_chunk, _encoding, callback) => callback() }));
}
