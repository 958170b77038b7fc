import { Transform, TransformCallback } from 'stream';
import { tooLargeError } from './too-large-error';

/** Counts bytes passing through and fails the stream as soon as the count exceeds `maxBytes`. */
export class ByteLimit extends Transform {
  bytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return callback(tooLargeError(this.maxBytes));
    callback(null, chunk);
  }
}
