export interface PoolRun {
  count: number;
  concurrency: number;
  elapsedMs: number;
  /** Per-operation latency in ms, in completion order. */
  latenciesMs: number[];
}

/** Runs task(0..count-1) with at most `concurrency` in flight; any failure fails the run. */
export async function runPool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<PoolRun> {
  const latenciesMs: number[] = [];
  let next = 0;
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
  return { count, concurrency, elapsedMs: performance.now() - started, latenciesMs };
}

/** Several runs of one kind (e.g. interleaved rounds) as one: total count over total time. */
export function combine(runs: PoolRun[]): PoolRun {
  return {
    count: runs.reduce((sum, run) => sum + run.count, 0),
    concurrency: runs[0]?.concurrency ?? 0,
    elapsedMs: runs.reduce((sum, run) => sum + run.elapsedMs, 0),
    latenciesMs: runs.flatMap((run) => run.latenciesMs),
  };
}

export const perSecond = (run: PoolRun): number => (run.count * 1000) / run.elapsedMs;
