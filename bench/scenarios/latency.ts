import { BENCH } from '../config';
import { cpuPerOperation } from '../measure/pool';
import type { RoleCpuMs } from '../measure/process-cpu';
import { median, percentile, round } from '../measure/stats';
import type { BenchContext } from './context';
import { interleaved } from './interleaved';
import { jobTimeline, TimelineBreakdown } from '../diagnostics/job-timeline';
import { ClientTiming, serviceUpload, thinUpload } from './operations';

export interface LatencyResult {
  count: number;
  serviceP50Ms: number;
  serviceP90Ms: number;
  thinP50Ms: number;
  thinP90Ms: number;
  overheadP50Ms: number;
  breakdown: TimelineBreakdown;
  serviceCpuMsPerOp: RoleCpuMs;
  thinCpuMsPerOp: RoleCpuMs;
}

/** Scenario 2: sequential small-PNG uploads, p50 through the service minus p50 through the thin peer. */
export async function measureLatency(ctx: BenchContext): Promise<LatencyResult> {
  ctx.log(`latency: ${ctx.small.label}, ${BENCH.latencyCount} sequential each of thin, service`);
  const timings: ClientTiming[] = [];
  const runs = await interleaved(ctx, { thin: thinUpload(ctx.small), service: serviceUpload(ctx.small, timings) }, BENCH.latencyCount, 1, BENCH.rounds);
  const service = runs.service.latenciesMs;
  const thin = runs.thin.latenciesMs;
  return {
    count: service.length,
    serviceP50Ms: round(median(service)),
    serviceP90Ms: round(percentile(service, 90)),
    thinP50Ms: round(median(thin)),
    thinP90Ms: round(percentile(thin, 90)),
    overheadP50Ms: round(median(service) - median(thin)),
    breakdown: await jobTimeline(ctx.service, timings),
    serviceCpuMsPerOp: cpuPerOperation(runs.service),
    thinCpuMsPerOp: cpuPerOperation(runs.thin),
  };
}
