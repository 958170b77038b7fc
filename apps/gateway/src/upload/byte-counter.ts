import { Transform, TransformCallback } from 'stream';

export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`stream exceeded ${limit} bytes`);
  }
}

/** Passes bytes through while counting them; errors with TooLargeError as soon as the limit is passed. */
export class ByteCounter extends Transform {
  bytes = 0;

  constructor(private readonly limit: number) {
    super();
  }

  _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) callback(new TooLargeError(this.limit));
    else callback(null, chunk);
  }
}
