import { Writable } from 'stream';

/** A Writable that keeps what it receives, to inspect after a fetch. */
export class MemorySink extends Writable {
  private readonly chunks: Buffer[] = [];

  get bytes(): number {
    return this.chunks.reduce((total, chunk) => total + chunk.length, 0);
  }

  body(): Buffer {
    return Buffer.concat(this.chunks);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    callback();
  }
}
