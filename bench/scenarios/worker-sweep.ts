import { BENCH } from '../config';
import { perSecond } from '../measure/pool';
import { round } from '../measure/stats';
import type { BenchContext } from './context';
import { run, serviceUpload } from './operations';

export interface SweepPoint {
  workerConcurrency: number;
  photoUploadsPerSecond: number;
  smallUploadsPerSecond: number;
}

/**
 * Optional (BENCH_SWEEP=1): service upload throughput at client concurrency 4 for each WORKER_CONCURRENCY,
 * restarting the worker process each time. Picks the level with the best geometric mean of the two
 * fixtures' throughput (relative to the best seen for each), leaves it running, returns all points.
 */
export async function sweepWorkerConcurrency(ctx: BenchContext): Promise<{ points: SweepPoint[]; best: number }> {
  const points: SweepPoint[] = [];
  const c = BENCH.clientConcurrency;
  for (const level of BENCH.sweepLevels) {
    await ctx.service.restartWorker(level);
    await run(ctx, serviceUpload(ctx.photo), BENCH.warmup, c);
    const photo = await run(ctx, serviceUpload(ctx.photo), BENCH.sweepCount, c);
    const small = await run(ctx, serviceUpload(ctx.small), BENCH.sweepCount * 3, c);
    points.push({ workerConcurrency: level, photoUploadsPerSecond: round(perSecond(photo), 3), smallUploadsPerSecond: round(perSecond(small), 3) });
    ctx.log(`sweep: WORKER_CONCURRENCY=${level} → 12 MP ${points.at(-1)!.photoUploadsPerSecond}/s, 100 KB ${points.at(-1)!.smallUploadsPerSecond}/s`);
  }
  const bestPhoto = Math.max(...points.map((p) => p.photoUploadsPerSecond));
  const bestSmall = Math.max(...points.map((p) => p.smallUploadsPerSecond));
  const score = (p: SweepPoint) => Math.sqrt((p.photoUploadsPerSecond / bestPhoto) * (p.smallUploadsPerSecond / bestSmall));
  const best = points.reduce((a, b) => (score(b) > score(a) ? b : a)).workerConcurrency;
  await ctx.service.restartWorker(best);
  return { points, best };
}
