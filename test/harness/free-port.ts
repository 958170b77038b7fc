import { readFileSync } from 'fs';
import * as net from 'net';

/**
 * Ports for test servers are drawn from below the kernel's ephemeral range. A port the kernel handed out
 * for `listen(0)` is back in that range once closed, where any outgoing connection (to Redis, the
 * database, s3rver) may take it as its local port before the test server binds it: EADDRINUSE, now and
 * then. Below the range only another test's pick can collide, and a pick is checked by binding it.
 */
const LOWEST = 15_000;
const highest = Math.min(32_767, ephemeralRangeStart() - 1);
const handedOut = new Set<number>();

function ephemeralRangeStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768;
  }
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Takes `port` if it is free now and not handed out before by this process (e.g. a companion port of a freePort pick). */
export async function claimPort(port: number): Promise<boolean> {
  if (handedOut.has(port) || !(await bindable(port))) return false;
  handedOut.add(port);
  return true;
}

/** A loopback port free now, not handed out before by this process; `below` caps it (e.g. to leave room for port + 10000). */
export async function freePort(options: { below?: number } = {}): Promise<number> {
  const top = Math.min(highest, (options.below ?? Infinity) - 1);
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (top - LOWEST + 1));
    if (await claimPort(port)) return port;
  }
  throw new Error(`no free loopback port between ${LOWEST} and ${top}`);
}
