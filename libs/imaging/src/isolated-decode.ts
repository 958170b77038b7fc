import { spawn } from 'node:child_process';
import { extname, join } from 'node:path';
import { decodeTimedOut, ImageRejectedError } from './errors';
import type { IsolatedMessage, IsolatedReply, IsolatedResult, IsolatedTask } from './isolated-task';

const CHILD_ENTRY = join(__dirname, `isolated-decode.child${extname(__filename)}`);

// The build runs the compiled .js child. Jest runs the TypeScript sources, so there the child
// transpiles its own .ts modules on load (they import only relative paths and npm packages).
const BOOTSTRAP = `
const entry = process.argv[1];
if (entry.endsWith('.ts')) {
  const ts = require('node:module').createRequire(entry)('typescript');
  const fs = require('node:fs');
  require.extensions['.ts'] = (module, filename) => {
    const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    module._compile(outputText, filename);
  };
}
require(entry);
`;

/** Bound on the child loading its modules; a child that never gets ready is a crash, not the input's fault. */
const STARTUP_LIMIT_MS = 30_000;

/**
 * Runs a decode in a child process of its own, killed once it runs past timeoutSeconds (counted from
 * the child being ready, so a slow start on a loaded machine does not eat into the decode's time). Used for work
 * that cannot be interrupted in place: the pure-JS BMP/ICO decoders (which would block this process's
 * event loop) and librsvg, which sharp's own timeout cannot stop mid-render. The worker stays
 * responsive, and a killed process gives back all its memory at once.
 */
export function runIsolated(task: IsolatedTask, timeoutSeconds: number): Promise<IsolatedResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', BOOTSTRAP, CHILD_ENTRY], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let reply: IsolatedReply | undefined;
    let timedOut = false;
    let stderr = '';
    let timer = setTimeout(() => child.kill('SIGKILL'), STARTUP_LIMIT_MS);
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('message', (message: IsolatedMessage) => {
      if (!('ready' in message)) return void (reply = message);
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutSeconds * 1000);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return reject(decodeTimedOut());
      if (reply?.ok) return resolve(reply.value);
      if (reply) return reject(reply.reason ? new ImageRejectedError(reply.message, reply.reason) : new Error(reply.message));
      // Killed from outside (out of memory, shutdown): not the input's fault for sure, so retryable.
      const crash = new Error(`isolated decoder exited (${signal ?? code}) without an answer: ${stderr.trim()}`);
      reject(Object.assign(crash, { code: 'EDECODERCRASH' }));
    });
    child.send(task);
  });
}
