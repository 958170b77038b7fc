import * as http from 'http';
import type { AddressInfo } from 'net';
import { uniqueCopy } from '../../libs/imaging/src/testing/unique-copy';
import { onCleanup } from './cleanup';

/**
 * Serves one image from memory on 127.0.0.1, as the origin of imports; closed at clean-up. Every answer is
 * new bytes of the image (uniqueCopy): an account's import of bytes it already stores is shared without any
 * image work, which the uploads it is compared with no longer get either.
 */
export async function startImageServer(image: Buffer, contentType: string): Promise<string> {
  const server = http.createServer((req, res) => {
    const body = uniqueCopy(image);
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
