import { Writable } from 'stream';

/** Marks a failure raised by the caller's sink (e.g. disk full), which is not the URL's fault. */
export class SinkFailure extends Error {
  constructor(readonly original: unknown) {
    super('Sink failed');
  }
}

/**
 * Forwards the body to the caller's sink with backpressure. Keeping the sink out of the
 * pipeline means the pipeline never destroys it with an upstream error, so any 'error'
 * the sink emits is genuinely its own.
 */
export class SinkWriter extends Writable {
  constructor(private readonly sink: NodeJS.WritableStream) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.sink.write(chunk)) callback();
    else this.sink.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.sink.end(() => callback());
  }
}
