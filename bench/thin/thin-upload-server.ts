import { fork } from 'child_process';
import * as path from 'path';
import { onCleanup, stopChild, trackChild } from '../infra/cleanup';

export interface ThinUploadServer {
  url: string;
  pid: number;
}

/** Starts thin-upload-server.child in its own process, storing into `dataDir`; stopped at clean-up. */
export function startThinUploadServer(dataDir: string, timeoutMs = 20_000): Promise<ThinUploadServer> {
  const child = fork(path.join(__dirname, 'thin-upload-server.child.js'), [dataDir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  trackChild(child);
  onCleanup('thin upload server', () => stopChild(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`thin upload server not ready within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => reject(new Error(`thin upload server exited with ${code} before it was ready`)));
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message?.type !== 'thin-upload-server-ready') return;
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${message.port}`, pid: child.pid! });
    });
  });
}
