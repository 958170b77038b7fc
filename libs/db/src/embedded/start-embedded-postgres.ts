import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';

export interface EmbeddedPostgres {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts embedded-postgres.main.js (compiled) as a child process and resolves once it listens. */
export function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  { startTimeoutMs = 60_000, idleInTransactionMs = 60_000 } = {},
): Promise<EmbeddedPostgres> {
  const script = path.join(__dirname, 'embedded-postgres.main.js');
  // Own process group: a Ctrl-C reaches the apps first, and the launcher stops the database after them.
  // Its stdin is a pipe from us: when we die, it closes and the database exits too.
  const child = spawn(process.execPath, [script, dataDir, String(port), String(idleInTransactionMs)], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`embedded database did not start within ${startTimeoutMs} ms: ${stderr}`));
    }, startTimeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded database exited with code ${code}: ${stderr.trim()}`));
    });
    let stdout = '';
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /READY (\d+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      // Once running, whatever the database reports goes to our own stderr.
      child.stdout!.removeAllListeners('data');
      child.stderr!.removeAllListeners('data');
      child.stderr!.pipe(process.stderr);
      child.stdout!.resume();
      const actualPort = Number(match[1]);
      resolve({
        url: `postgres://postgres@127.0.0.1:${actualPort}/postgres`,
        port: actualPort,
        process: child,
        stop: () => stopChild(child),
      });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
