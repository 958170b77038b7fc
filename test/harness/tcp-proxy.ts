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
  /**
   * From now until `heal()`, a connection whose client sends `marker` goes silent: the request still
   * reaches the target, but only the first `answerBytes` of its answer come back, then nothing, and the
   * connection stays open (a server that hangs before or in the middle of its answer).
   */
  stallAnswersTo(marker: string, answerBytes?: number): void;
  /** Cuts every open connection now and refuses new ones until `heal()` (the target "goes down"). */
  cutNow(): void;
  /**
   * From now on nothing passes either way, though connections are still accepted (a black hole: the target
   * neither answers nor refuses); `heal()` delivers what was held, in order.
   */
  stall(): void;
  /** The next chunk the target sends (on any connection) is held `ms` before it is passed on, and what follows it waits behind it. */
  stallNextAnswer(ms: number): void;
  heal(): void;
  close(): Promise<void>;
}

export interface TcpProxyOptions {
  /** Each chunk, either way, is held this long before it is passed on (in order): a slow link. */
  latencyMs?: number;
}

/** What a chunk waits for before it passes on, begun once the chunk before it (the same way) has passed. */
type Hold = () => Promise<unknown>;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A loopback TCP proxy in front of `target`, to make a server stop answering (or answer slowly) at a chosen moment. */
export async function startTcpProxy(target: { host: string; port: number }, options: TcpProxyOptions = {}): Promise<TcpProxy> {
  const port = await freePort();
  const open = new Set<net.Socket>();
  let marker: Buffer | null = null;
  let stalledAnswers: { marker: Buffer; answerBytes: number } | null = null;
  let down = false;
  // Every stall is a hold: stall() holds what passes until heal(), stallNextAnswer() one answer for a while,
  // stallAnswersTo() the rest of an answer until its connection is gone (so it never arrives).
  let blackHole: { healed: Promise<void>; release: () => void } | null = null;
  let nextAnswerHoldMs = 0;
  const blackHoleHold = (): Hold | undefined => {
    const hole = blackHole;
    return hole ? () => hole.healed : undefined;
  };
  const nextAnswerHold = (): Hold | undefined => {
    const ms = nextAnswerHoldMs;
    nextAnswerHoldMs = 0;
    return ms > 0 ? () => pause(ms) : undefined;
  };
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
    const clientGone = new Promise<void>((resolve) => client.once('close', () => resolve()));
    let answerBytesLeft = Infinity;
    // A stalled connection stays open even when the target closes its side: the client hears nothing more.
    const upstreamGone = () => {
      if (answerBytesLeft === Infinity) return forget();
      open.delete(upstream);
      upstream.destroy();
    };
    client.on('close', forget).on('error', forget);
    upstream.on('close', upstreamGone).on('error', upstreamGone);
    const toUpstream = forwarder(upstream, options.latencyMs);
    const toClient = forwarder(client, options.latencyMs);
    client.on('data', (chunk: Buffer) => {
      if (marker && chunk.includes(marker)) return cutAll();
      if (stalledAnswers && chunk.includes(stalledAnswers.marker)) answerBytesLeft = stalledAnswers.answerBytes;
      toUpstream(chunk, blackHoleHold());
    });
    upstream.on('data', (chunk: Buffer) => {
      const passed = chunk.subarray(0, answerBytesLeft);
      answerBytesLeft -= passed.length;
      if (passed.length > 0) toClient(passed, blackHoleHold() ?? nextAnswerHold());
      if (passed.length < chunk.length) toClient(chunk.subarray(passed.length), () => clientGone);
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
    stallAnswersTo: (text, answerBytes = 0) => {
      stalledAnswers = { marker: Buffer.from(text), answerBytes };
    },
    cutNow: cutAll,
    stall: () => {
      if (blackHole) return;
      let release!: () => void;
      const healed = new Promise<void>((resolve) => (release = resolve));
      blackHole = { healed, release };
    },
    stallNextAnswer: (ms) => {
      nextAnswerHoldMs = ms;
    },
    heal: () => {
      marker = null;
      stalledAnswers = null;
      down = false;
      blackHole?.release();
      blackHole = null;
    },
    close: async () => {
      cutAll();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Writes chunks to `socket` in order, each once its own hold (if any) is over and then after `latencyMs` (at once without either). */
function forwarder(socket: net.Socket, latencyMs = 0): (chunk: Buffer, hold?: Hold) => void {
  let previous: Promise<void> | undefined;
  return (chunk, hold) => {
    const write = () => void (socket.destroyed || socket.write(chunk));
    if (!hold && latencyMs <= 0 && !previous) return write();
    const sent = (previous ?? Promise.resolve())
      .then(hold)
      .then(() => latencyMs > 0 && pause(latencyMs))
      .then(write);
    previous = sent;
    void sent.then(() => {
      if (previous === sent) previous = undefined;
    });
  };
}
