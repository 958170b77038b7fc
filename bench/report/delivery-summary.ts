import { BENCH } from '../config';
import type { RoleCpuMs } from '../measure/process-cpu';
import { round } from '../measure/stats';
import type { CachedVariantThroughput } from '../scenarios/cached-variant-throughput';
import type { FirstRender } from '../scenarios/first-render';
import type { Verdict } from './summary';
import { formatTable } from './table';

export interface DeliveryFigures {
  throughput: CachedVariantThroughput;
  firstRender: FirstRender;
}

const perSecond = (run: { requests: number; seconds: number }): number => round(run.requests / run.seconds, 0);

/**
 * 6: cached variant req/s, gateway ÷ bare file server; 6b: the same with If-None-Match (304s); 7: first render's
 * time to first byte ÷ a bare resize.
 */
export function deliveryVerdicts(f: DeliveryFigures): Verdict[] {
  const t = BENCH.targets;
  const [gateway, bare] = [perSecond(f.throughput.gateway), perSecond(f.throughput.bare)];
  const [gateway304, bare304] = [perSecond(f.throughput.gatewayNotModified), perSecond(f.throughput.bareNotModified)];
  const throughputRatio = gateway / bare;
  const revalidationRatio = gateway304 / bare304;
  const renderRatio = f.firstRender.serviceMedianMs / f.firstRender.bareMedianMs;
  return [
    { name: '6  cached ?size=m req/s, gateway/bare', service: gateway, reference: bare, value: round(throughputRatio, 3), unit: '×', target: `≥ ${t.cachedVariantRatio}`, pass: throughputRatio >= t.cachedVariantRatio },
    { name: '6b If-None-Match 304 req/s, gateway/bare', service: gateway304, reference: bare304, value: round(revalidationRatio, 3), unit: '×', target: `≥ ${t.revalidationRatio}`, pass: revalidationRatio >= t.revalidationRatio },
    { name: '7  first ?size=m of 12 MP, TTFB/bare resize (median ms)', service: f.firstRender.serviceMedianMs, reference: f.firstRender.bareMedianMs, value: round(renderRatio, 3), unit: '×', target: `≤ ${t.firstRenderRatio}`, pass: renderRatio <= t.firstRenderRatio },
  ];
}

const perRequestUs = (cpu: RoleCpuMs, requests: number): Record<string, number> =>
  Object.fromEntries(Object.entries(cpu).map(([role, ms]) => [role, round((ms * 1000) / requests, 0)]));

/** Raw figures of the load runs: each round's req/s, latency, CPU µs per request by process. */
export function deliveryDetails(f: DeliveryFigures): string {
  const rows = (['gateway', 'bare', 'gatewayNotModified', 'bareNotModified'] as const).map((name) => {
    const run = f.throughput[name];
    const cpu = perRequestUs(run.cpuMs, run.requests);
    return [
      name,
      String(run.requests),
      String(perSecond(run)),
      run.roundsPerSecond.join(' / '),
      `${run.latencyP50Ms} / ${run.latencyP99Ms}`,
      Object.entries(cpu).map(([role, us]) => `${role} ${us}`).join(', '),
    ];
  });
  return (
    formatTable(['cached variant (200 / 304)', 'requests', 'req/s', 'per round', 'p50/p99 ms (worst round)', 'CPU µs per request'], rows) +
    `\n(${f.throughput.variantBytes} bytes per answer, ${f.throughput.connections} connections; autocannon runs in a process of its own)\n` +
    `first renders, TTFB ms: ${f.firstRender.serviceFirstByteMs.join(', ')}; bare resize ms: ${f.firstRender.bareResizeMs.join(', ')}`
  );
}
