import { ChildProcess, fork } from 'child_process';
import * as path from 'path';
import { onCleanup, stopChild, trackChild } from './cleanup';

/** dist/bench/infra → dist/apps/<name>/src/main.js */
const DIST = path.join(__dirname, '..', '..');

export interface AppProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  /** The last ~64 KB of its stdout + stderr, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Forks a compiled app entry point and resolves once it sends `readyMessage` over IPC. With `cpus`
 * (a `taskset -c` list such as "0") the process and every thread it starts run on those cores only.
 */
export function startApp(app: 'gateway' | 'worker', env: NodeJS.ProcessEnv, readyMessage: string, timeoutMs = 60_000, cpus?: string): Promise<AppProcess> {
  const script = path.join(DIST, 'apps', app, 'src', 'main.js');
  // BENCH_CPU_PROF_DIR=<dir>: each app writes a .cpuprofile into <dir>/<app> when it stops (open it in Chrome DevTools).
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, app)}`] : [];
  // taskset execs node in place: same pid, and the IPC channel fd is inherited.
  const pinned = cpus ? { execPath: 'taskset', execArgv: ['-c', cpus, process.execPath, ...nodeArgs] } : { execArgv: nodeArgs };
  const child = fork(script, [], { env, ...pinned, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  trackChild(child);
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-65_536));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let stopped: Promise<void> | undefined;
  const handle: AppProcess = {
    name: app,
    child,
    pid: child.pid!,
    output: () => output,
    stop: () => (stopped ??= stopChild(child)),
  };
  onCleanup(app, handle.stop);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${app} not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${app} exited with ${code} before it was ready:\n${output}`));
    };
    child.once('exit', onExit);
    child.on('message', (message: { type?: string }) => {
      if (message?.type !== readyMessage) return;
      clearTimeout(timer);
      child.removeListener('exit', onExit);
      child.once('exit', (code, signal) => {
        if (!stopped) process.stderr.write(`${app} (pid ${child.pid}) exited unexpectedly (${signal ?? code}):\n${output}\n`);
      });
      resolve(handle);
    });
  });
}
