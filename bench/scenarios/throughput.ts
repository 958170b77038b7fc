import { BENCH } from '../config';
import type { Fixture } from '../fixtures/images';
import { cpuPerOperation, perSecond, PoolRun } from '../measure/pool';
import type { RoleCpuMs } from '../measure/process-cpu';
import { median, percentile, round } from '../measure/stats';
import type { BenchContext } from './context';
import { interleaved } from './interleaved';
import { jobTimeline, TimelineBreakdown } from '../diagnostics/job-timeline';
import { ClientTiming, Operation, serviceImport, serviceUpload, thinUpload } from './operations';

export interface ThroughputFigure {
  fixture: string;
  count: number;
  concurrency: number;
  perSecond: number;
  elapsedMs: number;
  p50Ms: number;
  p90Ms: number;
  /** CPU ms per operation, by process (bench = the client). */
  cpuMsPerOp: RoleCpuMs;
}

function figure(fixture: Fixture, run: PoolRun): ThroughputFigure {
  return {
    fixture: fixture.label,
    count: run.count,
    concurrency: run.concurrency,
    perSecond: round(perSecond(run), 3),
    elapsedMs: round(run.elapsedMs, 0),
    p50Ms: round(median(run.latenciesMs), 1),
    p90Ms: round(percentile(run.latenciesMs, 90), 1),
    cpuMsPerOp: cpuPerOperation(run),
  };
}

export interface ThroughputResult {
  service: ThroughputFigure;
  thin: ThroughputFigure;
  /** Only for the photo: imports of the same file from a local HTTP server. */
  import?: ThroughputFigure;
  /** Stages of the service uploads (p50): at concurrency 4, queue wait shows worker saturation. */
  breakdown: TimelineBreakdown;
}

/**
 * Scenarios 1 and 4: keyed uploads/s through the running service vs the same requests to the thin
 * peer, at client concurrency 4; for the photo also imports, measured in the same interleaved rounds.
 */
export async function measureThroughput(ctx: BenchContext, fixture: Fixture, count: number, withImports: boolean): Promise<ThroughputResult> {
  const timings: ClientTiming[] = [];
  const operations: Record<string, Operation> = { thin: thinUpload(fixture), service: serviceUpload(fixture, timings) };
  if (withImports) operations.import = serviceImport;
  ctx.log(`throughput: ${fixture.label}, ${count} each of ${Object.keys(operations).join(', ')} at concurrency ${BENCH.clientConcurrency}`);
  const runs = await interleaved(ctx, operations, count, BENCH.clientConcurrency, BENCH.rounds);
  return {
    service: figure(fixture, runs.service),
    thin: figure(fixture, runs.thin),
    import: runs.import ? figure(fixture, runs.import) : undefined,
    breakdown: await jobTimeline(ctx.service, timings),
  };
}
