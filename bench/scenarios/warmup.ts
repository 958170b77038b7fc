import { BENCH } from '../config';
import type { BenchContext } from './context';
import { bareWork, run, serviceImport, serviceUpload } from './operations';

/** JIT, connection pools, libvips and the queue all warmed on every path measured afterwards. */
export async function warmUp(ctx: BenchContext): Promise<void> {
  const n = BENCH.warmup;
  const c = BENCH.clientConcurrency;
  for (const fixture of [ctx.photo, ctx.small]) {
    await run(ctx, bareWork(fixture), n, c);
    await run(ctx, serviceUpload(fixture), n, c);
  }
  await run(ctx, serviceImport, n, c);
}
