import { ChildProcess, fork } from 'child_process';
import * as path from 'path';

const mainOf = (app: 'gateway' | 'worker') => path.join(__dirname, '..', '..', 'dist', 'apps', app, 'src', 'main.js');

export interface WorkerProcess {
  process: ChildProcess;
  /** The port of a worker's /metrics listener, when WORKER_METRICS_PORT was set. */
  metricsPort?: number;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** The real worker entry point as a separate process, ready once it reports so over IPC. */
export function startWorkerProcess(env: Record<string, string>, startTimeoutMs = 30_000): Promise<WorkerProcess> {
  return startAppProcess('worker', env, startTimeoutMs);
}

/** A gateway of its own (e.g. a second one beside the test's in-process gateway), on `env.PORT`. */
export function startGatewayProcess(env: Record<string, string>): Promise<WorkerProcess> {
  return startAppProcess('gateway', env);
}

function startAppProcess(app: 'gateway' | 'worker', env: Record<string, string>, startTimeoutMs = 30_000): Promise<WorkerProcess> {
  const child = fork(mainOf(app), [], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-1_000_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const handle: WorkerProcess = {
    process: child,
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        // A worker still busy 15 s after SIGTERM is stuck on a job: show why, then end it.
        const stuck = setTimeout(() => {
          process.stderr.write(`${app} ${child.pid} did not stop within 15 s; its last output:\n${output.slice(-4000)}\n`);
          child.kill('SIGKILL');
        }, 15_000);
        child.once('exit', () => {
          clearTimeout(stuck);
          resolve();
        });
        child.kill(signal);
      }),
  };
  return new Promise((resolve, reject) => {
    // A child that never reports ready is ended too: its IPC channel and pipes would keep Jest's worker alive.
    const timer = setTimeout(() => {
      child.removeAllListeners('exit');
      child.kill('SIGKILL');
      reject(new Error(`${app} did not start:\n${output}`));
    }, startTimeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${app} exited with ${code} before it was ready:\n${output}`));
    });
    child.on('message', (message: { type?: string; metricsPort?: number }) => {
      if (message?.type !== `${app}-ready`) return;
      clearTimeout(timer);
      handle.metricsPort = message.metricsPort;
      child.removeAllListeners('exit');
      resolve(handle);
    });
  });
}
