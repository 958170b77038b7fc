import { addCpu, RoleCpuMs, RolePids, startCpuMeter } from './process-cpu';

export interface PoolRun {
  count: number;
  concurrency: number;
  elapsedMs: number;
  /** Per-operation latency in ms, in completion order. */
  latenciesMs: number[];
  /** CPU ms used by each process of the set-up during the run. */
  cpuMs: RoleCpuMs;
}

/** Runs task(0..count-1) with at most `concurrency` in flight; any failure fails the run. */
export async function runPool(count: number, concurrency: number, task: (index: number) => Promise<void>, pids: RolePids = {}): Promise<PoolRun> {
  const latenciesMs: number[] = [];
  let next = 0;
  const cpu = startCpuMeter(pids);
  const started = performance.now();
  const lane = async () => {
    while (next < count) {
      const index = next++;
      const t0 = performance.now();
      await task(index);
      latenciesMs.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  const elapsedMs = performance.now() - started;
  return { count, concurrency, elapsedMs, latenciesMs, cpuMs: cpu.stop() };
}

/** Several runs of one kind (e.g. interleaved rounds) as one: total count over total time. */
export function combine(runs: PoolRun[]): PoolRun {
  return {
    count: runs.reduce((sum, run) => sum + run.count, 0),
    concurrency: runs[0]?.concurrency ?? 0,
    elapsedMs: runs.reduce((sum, run) => sum + run.elapsedMs, 0),
    latenciesMs: runs.flatMap((run) => run.latenciesMs),
    cpuMs: runs.reduce((total, run) => addCpu(total, run.cpuMs), {} as RoleCpuMs),
  };
}

export const perSecond = (run: PoolRun): number => (run.count * 1000) / run.elapsedMs;

/** CPU ms per operation, by process. */
export function cpuPerOperation(run: PoolRun): RoleCpuMs {
  return Object.fromEntries(Object.entries(run.cpuMs).map(([role, ms]) => [role, Number((ms / run.count).toFixed(1))]));
}
