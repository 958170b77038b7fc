import * as http from 'http';
import type { AddressInfo } from 'net';
import { onCleanup } from './cleanup';

/** Serves one image from memory on 127.0.0.1, as the origin of imports; closed at clean-up. */
export async function startImageServer(body: Buffer, contentType: string): Promise<string> {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup('image server', () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
