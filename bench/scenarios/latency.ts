import { BENCH } from '../config';
import { cpuPerOperation } from '../measure/pool';
import type { RoleCpuMs } from '../measure/process-cpu';
import { median, percentile, round } from '../measure/stats';
import type { BenchContext } from './context';
import { interleaved } from './interleaved';
import { jobTimeline, TimelineBreakdown } from '../diagnostics/job-timeline';
import { bareWork, ClientTiming, serviceUpload } from './operations';

export interface LatencyResult {
  count: number;
  serviceP50Ms: number;
  serviceP90Ms: number;
  bareP50Ms: number;
  bareP90Ms: number;
  overheadP50Ms: number;
  breakdown: TimelineBreakdown;
  serviceCpuMsPerOp: RoleCpuMs;
  bareCpuMsPerOp: RoleCpuMs;
}

/** Scenario 2: sequential small-PNG uploads, p50 through the service minus p50 of the bare work. */
export async function measureLatency(ctx: BenchContext): Promise<LatencyResult> {
  ctx.log(`latency: ${ctx.small.label}, ${BENCH.latencyCount} sequential each of bare, service`);
  const timings: ClientTiming[] = [];
  const runs = await interleaved(ctx, { bare: bareWork(ctx.small), service: serviceUpload(ctx.small, timings) }, BENCH.latencyCount, 1, BENCH.rounds);
  const service = runs.service.latenciesMs;
  const bare = runs.bare.latenciesMs;
  return {
    count: service.length,
    serviceP50Ms: round(median(service)),
    serviceP90Ms: round(percentile(service, 90)),
    bareP50Ms: round(median(bare)),
    bareP90Ms: round(percentile(bare, 90)),
    overheadP50Ms: round(median(service) - median(bare)),
    breakdown: await jobTimeline(ctx.service, timings),
    serviceCpuMsPerOp: cpuPerOperation(runs.service),
    bareCpuMsPerOp: cpuPerOperation(runs.bare),
  };
}
