import { createHash } from 'crypto';
import { Writable } from 'stream';

/**
 * Forwards every byte to `target` (a file) while hashing it, so an import's sha256 is known once the fetch
 * ends, without reading the file again. Finishes only once the target has flushed; the target's errors are its own.
 */
export class HashingSink extends Writable {
  private readonly hash = createHash('sha256');
  private digest: string | undefined;

  constructor(private readonly target: NodeJS.WritableStream) {
    super();
    target.on('error', (error: Error) => this.destroy(error));
  }

  /** Hex SHA-256 of everything written; only once the sink has finished. */
  get sha256(): string {
    if (this.digest === undefined) throw new Error('the sink has not finished');
    return this.digest;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.hash.update(chunk);
    if (this.target.write(chunk)) callback();
    else this.target.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.digest = this.hash.digest('hex');
    this.target.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const destroy = (this.target as Partial<{ destroy(): void }>).destroy;
    if (typeof destroy === 'function') destroy.call(this.target);
    callback(error);
  }
}
