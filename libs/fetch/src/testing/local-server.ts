import * as http from 'http';
import type { AddressInfo, Socket } from 'net';

export interface RecordedRequest {
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** A throwaway HTTP server on a loopback address that records what reached it. */
export interface LocalServer {
  host: string;
  port: number;
  /** Base URL without trailing slash, e.g. http://127.0.0.1:43121 */
  origin: string;
  connections: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: http.RequestListener, host = '127.0.0.1'): Promise<LocalServer> {
  const server = http.createServer((req, res) => {
    state.requests.push({ url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const state: LocalServer = {
    host,
    port,
    origin: `http://${host}:${port}`,
    connections: 0,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
  return state;
}

/** A port on 127.0.0.1 that nothing listens on (bound then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
