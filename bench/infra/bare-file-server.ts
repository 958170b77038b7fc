import { fork } from 'child_process';
import * as path from 'path';
import { onCleanup, stopChild, trackChild } from './cleanup';

export interface BareFileServer {
  url: string;
  pid: number;
}

/**
 * Starts bare-file-server.child in its own process, as the gateway runs in its own: the load generator
 * in this process then drives both the same way. Stopped at clean-up.
 */
export function startBareFileServer(file: string, headers: Record<string, string>, timeoutMs = 20_000): Promise<BareFileServer> {
  const child = fork(path.join(__dirname, 'bare-file-server.child.js'), [file, JSON.stringify(headers)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  trackChild(child);
  onCleanup('bare file server', () => stopChild(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bare file server not ready within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => reject(new Error(`bare file server exited with ${code} before it was ready`)));
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message?.type !== 'bare-file-server-ready') return;
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${message.port}`, pid: child.pid! });
    });
  });
}
