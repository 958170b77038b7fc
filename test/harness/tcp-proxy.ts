import * as net from 'net';
import { freePort } from './free-port';

export interface TcpProxy {
  port: number;
  /**
   * From the first client chunk that contains `marker` on, the target is gone: that connection is cut
   * before the chunk reaches it, every open one too, and new ones are refused until `heal()`.
   */
  cutWhenClientSends(marker: string): void;
  /** Whether the cut happened. */
  readonly cut: boolean;
  /** Cuts every open connection now and refuses new ones until `heal()` (the target "goes down"). */
  cutNow(): void;
  /** The next chunk the target sends (on any connection) is held `ms` before it is passed on, and what follows it waits behind it. */
  stallNextAnswer(ms: number): void;
  heal(): void;
  close(): Promise<void>;
}

export interface TcpProxyOptions {
  /** Each chunk, either way, is held this long before it is passed on (in order): a slow link. */
  latencyMs?: number;
}

/** A loopback TCP proxy in front of `target`, to make a server stop answering (or answer slowly) at a chosen moment. */
export async function startTcpProxy(target: { host: string; port: number }, options: TcpProxyOptions = {}): Promise<TcpProxy> {
  const port = await freePort();
  const open = new Set<net.Socket>();
  let marker: Buffer | null = null;
  let down = false;
  let stallMs = 0;
  const cutAll = () => {
    down = true;
    for (const socket of open) socket.destroy();
  };
  const server = net.createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    open.add(client).add(upstream);
    const forget = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', forget).on('error', forget);
    upstream.on('close', forget).on('error', forget);
    const toUpstream = forwarder(upstream, options.latencyMs);
    const toClient = forwarder(client, options.latencyMs);
    client.on('data', (chunk: Buffer) => {
      if (marker && chunk.includes(marker)) cutAll();
      else toUpstream(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      const holdMs = stallMs;
      stallMs = 0;
      toClient(chunk, holdMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    cutWhenClientSends: (text) => {
      marker = Buffer.from(text);
    },
    get cut() {
      return down;
    },
    cutNow: cutAll,
    stallNextAnswer: (ms) => {
      stallMs = ms;
    },
    heal: () => {
      marker = null;
      down = false;
    },
    close: async () => {
      cutAll();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Writes chunks to `socket` in order, each after `latencyMs` plus its own `holdMs` (at once without either). */
function forwarder(socket: net.Socket, latencyMs = 0): (chunk: Buffer, holdMs?: number) => void {
  let previous: Promise<void> | undefined;
  return (chunk, holdMs = 0) => {
    const write = () => void (socket.destroyed || socket.write(chunk));
    const waitMs = latencyMs + holdMs;
    if (waitMs <= 0 && !previous) return write();
    const sent = (previous ?? Promise.resolve()).then(() => new Promise((resolve) => setTimeout(resolve, waitMs))).then(write);
    previous = sent;
    void sent.then(() => {
      if (previous === sent) previous = undefined;
    });
  };
}
