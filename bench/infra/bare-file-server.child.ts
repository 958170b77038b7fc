/**
 * The delivery benchmark's reference: a bare node:http server that streams one file from disk with
 * the headers a cached variant carries (Content-Type, Content-Length, ETag). Forked by
 * bare-file-server.ts with the file, its type and its entity tag as arguments; tells its port over IPC.
 */
import { createReadStream, statSync } from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';

const [file, contentType, etag] = process.argv.slice(2);
// The file never changes (like a rendered variant), so one stat at start gives its length for good.
const length = String(statSync(file).size);

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': length, ETag: etag });
  createReadStream(file).pipe(res);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'bare-file-server-ready', port: (server.address() as AddressInfo).port }));
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
