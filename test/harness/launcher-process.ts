import { ChildProcess, execFileSync, spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import request from 'supertest';
import { waitUntil } from './eventually';
import { freePort } from './free-port';

const LAUNCHER = path.join(__dirname, '..', '..', 'dist', 'apps', 'launcher', 'src', 'main.js');

export interface LauncherProcess {
  process: ChildProcess;
  baseUrl: string;
  port: number;
  redisPort: number;
  dataDir: string;
  output(): string;
  /** Pids the launcher reported for one app ("gateway", "worker 0"), oldest first. */
  pidsOf(label: string): number[];
  /** Resolves with the launcher's exit code. */
  exited: Promise<number | null>;
  /** Kills the launcher if it still runs and removes its data folder. */
  cleanUp(): Promise<void>;
}

/** Where the launcher runs from: this checkout's build and a fresh temp data folder unless given. */
export interface LauncherInstall {
  launcher?: string;
  dataDir?: string;
}

/**
 * `npm start` (the compiled launcher) on embedded defaults in a fresh data folder, with a Redis port where
 * nothing answers, so it starts its own redis-server. Resolves once the gateway is ready.
 */
export async function startLauncher(extraEnv: Record<string, string> = {}, install: LauncherInstall = {}): Promise<LauncherProcess> {
  const dataDir = install.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-launcher-')));
  const port = await freePort();
  const redisPort = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    EMBEDDED_DB_PORT: String(await freePort()),
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    QUEUE_PREFIX: 'launcher-test',
    WORKERS: '1',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [install.launcher ?? LAUNCHER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const launcher: LauncherProcess = {
    process: child,
    baseUrl,
    port,
    redisPort,
    dataDir,
    output: () => output,
    pidsOf: (label) =>
      [...output.matchAll(/"msg":"started ([a-z]+(?: \d+)?) \(pid (\d+)\)"/g)].filter((m) => m[1] === label).map((m) => Number(m[2])),
    exited,
    cleanUp: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        // Whatever it started too: a failed test must not leave apps behind holding our output pipes.
        const tree = descendantsOf(child.pid!);
        child.kill('SIGKILL');
        for (const pid of tree) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
  const ready = await waitUntil(async () => (await request(baseUrl).get('/health/ready')).status === 200, 60_000);
  if (!ready) {
    await launcher.cleanUp();
    throw new Error(`service did not become ready:\n${output}`);
  }
  return launcher;
}

/** A zombie (exited, not yet reaped) does not count as running. */
export function isRunning(pid: number): boolean {
  try {
    const state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return state !== '' && !state.startsWith('Z');
  } catch {
    return false; // ps exits non-zero when there is no such process
  }
}

/** Every process below `pid` (children, their children…), read from `ps`. */
export function descendantsOf(pid: number): number[] {
  const rows = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of rows) {
      if (ppid === parent) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

export function portAnswers(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
