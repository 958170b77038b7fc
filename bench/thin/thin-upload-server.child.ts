/**
 * The upload benchmark's honest peer: the least a service could do for an upload — node:http and
 * busboy stream the file part into a temp file, then the same normaliseImage and the same
 * ObjectStore.putFile the worker runs (BareWork) — in its own process, as the gateway runs in its own.
 * No auth, quota, database, queue or second process. Forked by thin-upload-server.ts with its data
 * folder as argument; tells its port over IPC.
 */
import busboy from 'busboy';
import { createWriteStream, promises as fs } from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { pipeline } from 'stream/promises';
import { BareWork } from '../bare/bare-work';

const [dataDir] = process.argv.slice(2);
const work = new BareWork(dataDir);
let counter = 0;

/** Streams the first `file` part into `target`; resolves once the body is read and the file written. */
function receiveFile(req: http.IncomingMessage, target: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const parser = busboy({ headers: req.headers });
    let written: Promise<void> | undefined;
    parser.on('file', (name, stream) => {
      if (name !== 'file' || written) return void stream.resume();
      written = pipeline(stream, createWriteStream(target));
    });
    parser.on('error', reject);
    parser.on('close', () => (written ?? Promise.resolve()).then(() => resolve(!!written), reject));
    req.pipe(parser);
  });
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const dir = await fs.mkdtemp(path.join(dataDir, 'upload-'));
  try {
    const source = path.join(dir, 'source');
    if (!(await receiveFile(req, source))) {
      res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":"no file"}');
      return;
    }
    await work.process(source);
    res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: String(counter++) }));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error) => {
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: String(error) }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'thin-upload-server-ready', port: (server.address() as AddressInfo).port }));
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
