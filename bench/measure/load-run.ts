import { fork } from 'child_process';
import * as path from 'path';
import { trackChild } from '../infra/cleanup';
import type { LoadRunFigures, LoadRunRequest } from './autocannon.child';
import { RoleCpuMs, RolePids, startCpuMeter } from './process-cpu';

export interface LoadRun {
  requests: number;
  seconds: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Answers with another status than expected, plus connection errors and timeouts: any of them fails the bench. */
  failures: number;
  bytes: number;
  cpuMs: RoleCpuMs;
}

export interface LoadRunOptions {
  pids?: RolePids;
  headers?: Record<string, string>;
  /** The status every answer must have (200 by default; 304 for revalidations). */
  expectStatus?: number;
}

/**
 * `seconds` of keep-alive GETs of `url` over `connections` connections, by autocannon in a process of its own
 * (its CPU is the role `autocannon`); `pids` are the other processes whose CPU is read over the same span.
 */
export async function loadRun(url: string, seconds: number, connections: number, options: LoadRunOptions = {}): Promise<LoadRun> {
  const request: LoadRunRequest = { url, seconds, connections, headers: options.headers };
  const child = fork(path.join(__dirname, 'autocannon.child.js'), [JSON.stringify(request)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  trackChild(child);
  const figures = await new Promise<{ figures: LoadRunFigures; cpuMs: RoleCpuMs }>((resolve, reject) => {
    let cpu: { stop(): RoleCpuMs } | undefined;
    child.once('exit', (code) => reject(new Error(`autocannon exited with ${code} before it reported`)));
    child.on('message', (message: { type?: string; figures?: LoadRunFigures }) => {
      if (message?.type === 'ready') {
        cpu = startCpuMeter({ ...options.pids, autocannon: child.pid! });
        child.send({ type: 'go' });
      } else if (message?.type === 'figures' && message.figures) {
        resolve({ figures: message.figures, cpuMs: cpu!.stop() });
      }
    });
  });
  const expected = String(options.expectStatus ?? 200);
  const { figures: f, cpuMs } = figures;
  const unexpected = Object.entries(f.statusCounts).reduce((sum, [code, count]) => sum + (code === expected ? 0 : count), 0);
  return {
    requests: f.requests,
    seconds: f.seconds,
    latencyP50Ms: f.latencyP50Ms,
    latencyP99Ms: f.latencyP99Ms,
    failures: unexpected + f.errors + f.timeouts,
    bytes: f.bytes,
    cpuMs,
  };
}

/** Several runs against one target as one. */
export function combineLoadRuns(runs: LoadRun[]): LoadRun & { roundsPerSecond: number[] } {
  const cpuMs: RoleCpuMs = {};
  for (const run of runs) for (const [role, ms] of Object.entries(run.cpuMs)) cpuMs[role] = (cpuMs[role] ?? 0) + ms;
  return {
    requests: runs.reduce((sum, run) => sum + run.requests, 0),
    seconds: runs.reduce((sum, run) => sum + run.seconds, 0),
    // The worst round's: percentiles of separate runs cannot be merged exactly.
    latencyP50Ms: Math.max(...runs.map((run) => run.latencyP50Ms)),
    latencyP99Ms: Math.max(...runs.map((run) => run.latencyP99Ms)),
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
    bytes: runs.reduce((sum, run) => sum + run.bytes, 0),
    cpuMs,
    roundsPerSecond: runs.map((run) => Number((run.requests / run.seconds).toFixed(0))),
  };
}
