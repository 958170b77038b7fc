/**
 * The delivery benchmark's reference: a bare node:http server that streams one file from disk with the
 * representation headers the gateway sends for it (Content-Type, ETag, Last-Modified, Cache-Control, …: the
 * same bytes on the wire but for Date and X-Request-Id), and answers 304 with the same headers to an
 * If-None-Match naming that ETag. Forked by bare-file-server.ts with the file and the headers (JSON) as
 * arguments; tells its port over IPC.
 */
import { createReadStream, statSync } from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';

const [file, headersJson] = process.argv.slice(2);
const headers = JSON.parse(headersJson) as Record<string, string>;
// The file never changes (like a rendered variant), so one stat at start gives its length for good.
const full = { ...headers, 'Content-Length': String(statSync(file).size) };

const server = http.createServer((req, res) => {
  if (req.headers['if-none-match'] === headers.ETag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, full);
  createReadStream(file).pipe(res);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'bare-file-server-ready', port: (server.address() as AddressInfo).port }));
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
