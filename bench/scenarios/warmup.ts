import { BENCH } from '../config';
import type { BenchContext } from './context';
import { run, serviceImport, serviceUpload, thinUpload } from './operations';

/** JIT, connection pools, libvips and the queue all warmed on every path measured afterwards. */
export async function warmUp(ctx: BenchContext): Promise<void> {
  const n = BENCH.warmup;
  const c = BENCH.clientConcurrency;
  for (const fixture of BENCH.smallOnly ? [ctx.small] : [ctx.camera, ctx.photo, ctx.small]) {
    await run(ctx, thinUpload(fixture), n, c);
    await run(ctx, serviceUpload(fixture), n, c);
  }
  if (!BENCH.smallOnly) await run(ctx, serviceImport, n, c);
}
