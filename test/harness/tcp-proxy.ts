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
  /**
   * From now on nothing passes either way, though connections are still accepted (a black hole: the target
   * neither answers nor refuses); `heal()` delivers what was held, in order.
   */
  stall(): void;
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
  let held: (() => void)[] | null = null;
  const pass = (forward: (chunk: Buffer) => void, chunk: Buffer) => (held ? held.push(() => forward(chunk)) : forward(chunk));
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
      else pass(toUpstream, chunk);
    });
    upstream.on('data', (chunk: Buffer) => pass(toClient, chunk));
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
    stall: () => {
      held = held ?? [];
    },
    heal: () => {
      marker = null;
      down = false;
      const release = held ?? [];
      held = null;
      for (const forward of release) forward();
    },
    close: async () => {
      cutAll();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Writes chunks to `socket` in order, each after `latencyMs` (at once without it). */
function forwarder(socket: net.Socket, latencyMs = 0): (chunk: Buffer) => void {
  if (latencyMs <= 0) return (chunk) => void (socket.destroyed || socket.write(chunk));
  let previous = Promise.resolve();
  return (chunk) => {
    previous = previous
      .then(() => new Promise((resolve) => setTimeout(resolve, latencyMs)))
      .then(() => void (socket.destroyed || socket.write(chunk)));
  };
}
