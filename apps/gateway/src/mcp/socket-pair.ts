import { Duplex } from 'stream';

/** One end of an in-memory connection: what is written to it is read from its peer, as fast as the peer reads. */
class PipeEnd extends Duplex {
  peer!: PipeEnd;
  /** The peer's write this end had no room for: finished once this end is read again. */
  onRead?: () => void;

  // What Node's HTTP server asks of a connection beyond a stream.
  remotePort = 0;
  readonly encrypted = false;

  constructor(readonly remoteAddress: string) {
    super({ allowHalfOpen: true });
  }

  _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.peer.push(chunk)) done();
    else this.peer.onRead = done;
  }

  _final(done: (error?: Error | null) => void): void {
    this.peer.push(null);
    done();
  }

  _read(): void {
    const resume = this.onRead;
    this.onRead = undefined;
    resume?.();
  }

  _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    if (!this.peer.destroyed) this.peer.destroy();
    done(error);
  }

  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  destroySoon(): void {
    this.end(() => this.destroy());
  }
}

/** Two connected in-memory sockets; the server's end reports `clientAddress` as its peer's address. */
export function socketPair(clientAddress: string): { client: Duplex; server: Duplex } {
  const client = new PipeEnd('127.0.0.1');
  const server = new PipeEnd(clientAddress);
  client.peer = server;
  server.peer = client;
  return { client, server };
}
