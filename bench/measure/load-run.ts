import autocannon from 'autocannon';
import { RoleCpuMs, RolePids, startCpuMeter } from './process-cpu';

export interface LoadRun {
  requests: number;
  seconds: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Responses that were not 2xx, plus connection errors and timeouts: any of them fails the bench. */
  failures: number;
  bytes: number;
  cpuMs: RoleCpuMs;
}

/** `seconds` of keep-alive GETs of `url` over `connections` connections (autocannon, in this process). */
export async function loadRun(url: string, seconds: number, connections: number, pids: RolePids = {}): Promise<LoadRun> {
  const cpu = startCpuMeter(pids);
  const result = await autocannon({ url, connections, duration: seconds });
  return {
    requests: result.requests.total,
    seconds: result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    bytes: result.throughput.total,
    cpuMs: cpu.stop(),
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
