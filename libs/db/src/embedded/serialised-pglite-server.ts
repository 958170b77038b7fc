import * as net from 'net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST_CODE = 80877103;
const CANCEL_REQUEST_CODE = 80877102;
const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I'

interface Connection {
  id: number;
  socket: net.Socket;
  buffer: Buffer;
  started: boolean;
  closed: boolean;
}

interface Pending {
  connection: Connection;
  message: Uint8Array;
}

/**
 * Serves one PGlite database to many PostgreSQL wire-protocol clients. PGlite has a single session,
 * so a client owns it from its first message until PGlite reports ReadyForQuery *idle*: an extended-
 * protocol exchange (Parse/Bind/Execute/Sync) or a whole transaction is never interleaved with another
 * client's. (pglite-socket's own server only guards transactions, and its unnamed statements clash.)
 */
export class SerialisedPgliteServer {
  private readonly server: net.Server;
  private readonly queue: Pending[] = [];
  private owner: Connection | null = null;
  private processing = false;
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;

  /**
   * @param idleInTransactionMs like PostgreSQL's idle_in_transaction_session_timeout: a client that holds
   *   the session mid-transaction and sends nothing for this long is disconnected (and rolled back),
   *   so one stuck client cannot stall every other one.
   */
  constructor(
    private readonly db: PGlite,
    private readonly idleInTransactionMs = 60_000,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  listen(port: number, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as net.AddressInfo).port));
    });
  }

  close(): Promise<void> {
    clearTimeout(this.idleTimer);
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    const connection: Connection = { id: this.nextId++, socket, buffer: Buffer.alloc(0), started: false, closed: false };
    socket.on('data', (data) => this.receive(connection, data));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => void this.disconnect(connection));
  }

  private receive(connection: Connection, data: Buffer): void {
    if (connection === this.owner) clearTimeout(this.idleTimer);
    connection.buffer = Buffer.concat([connection.buffer, data]);
    for (;;) {
      const message = this.nextMessage(connection);
      if (!message) break;
      if (message.length > 0) this.queue.push({ connection, message });
    }
    void this.drain();
  }

  /** Cuts one whole message off the connection's buffer; an empty array = handled here, null = incomplete. */
  private nextMessage(connection: Connection): Uint8Array | null {
    const buffer = connection.buffer;
    if (!connection.started) {
      if (buffer.length < 8) return null;
      const length = buffer.readInt32BE(0);
      if (buffer.length < length) return null;
      const code = buffer.readInt32BE(4);
      connection.buffer = buffer.subarray(length);
      if (code === SSL_REQUEST_CODE) {
        connection.socket.write('N');
        return new Uint8Array(0);
      }
      if (code === CANCEL_REQUEST_CODE) {
        connection.socket.end();
        return new Uint8Array(0);
      }
      connection.started = true;
      return new Uint8Array(buffer.subarray(0, length));
    }
    if (buffer.length < 5) return null;
    const length = 1 + buffer.readInt32BE(1);
    if (buffer.length < length) return null;
    connection.buffer = buffer.subarray(length);
    return new Uint8Array(buffer.subarray(0, length));
  }

  private takeNext(): Pending | undefined {
    const index = this.owner ? this.queue.findIndex((item) => item.connection === this.owner) : 0;
    return index >= 0 ? this.queue.splice(index, 1)[0] : undefined;
  }

  private async drain(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.takeNext(); item; item = this.takeNext()) {
        if (item.connection.closed) continue;
        this.owner = item.connection;
        try {
          const output = await this.execute(item.message);
          if (!item.connection.closed && output.length) item.connection.socket.write(output);
          if (lastReadyStatus(output) === IDLE) this.owner = null;
        } catch {
          // PGlite itself failed on this message: drop the client rather than leave it half-answered.
          item.connection.closed = true;
          item.connection.socket.destroy();
          if (this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => undefined);
          this.owner = null;
        }
      }
    } finally {
      this.processing = false;
      this.watchOwner();
    }
  }

  private watchOwner(): void {
    clearTimeout(this.idleTimer);
    const owner = this.owner;
    if (!owner) return;
    this.idleTimer = setTimeout(() => {
      if (this.owner !== owner || this.queue.some((item) => item.connection === owner)) return;
      process.stderr.write(`embedded database: client #${owner.id} held the session idle for ${this.idleInTransactionMs} ms; disconnecting it\n`);
      owner.socket.destroy();
    }, this.idleInTransactionMs);
    this.idleTimer.unref();
  }

  private async execute(message: Uint8Array): Promise<Buffer> {
    const chunks: Uint8Array[] = [];
    // Each chunk is a view of PGlite memory that the next chunk overwrites: keep a copy.
    await this.db.runExclusive(() => this.db.execProtocolRawStream(message, { onRawData: (chunk) => chunks.push(chunk.slice()) }));
    return Buffer.concat(chunks);
  }

  private async disconnect(connection: Connection): Promise<void> {
    connection.closed = true;
    if (this.owner !== connection) return;
    // The client vanished mid-exchange: end its transaction so the next client starts clean.
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => undefined);
    this.owner = null;
    void this.drain();
  }
}

/** The status byte of the last ReadyForQuery in a run of backend messages, if any. */
function lastReadyStatus(output: Buffer): number | undefined {
  let status: number | undefined;
  let offset = 0;
  while (offset + 5 <= output.length) {
    const type = output[offset];
    const length = output.readInt32BE(offset + 1);
    if (type === READY_FOR_QUERY && offset + 5 < output.length) status = output[offset + 5];
    offset += 1 + length;
  }
  return status;
}
