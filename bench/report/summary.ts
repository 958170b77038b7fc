import { BENCH } from '../config';
import type { GatewayMemoryResult } from '../scenarios/gateway-memory';
import type { LatencyResult } from '../scenarios/latency';
import type { ThroughputResult } from '../scenarios/throughput';
import { round } from '../measure/stats';
import { formatTable } from './table';

export interface Figures {
  photo: ThroughputResult;
  small: ThroughputResult;
  latency: LatencyResult;
  memory: GatewayMemoryResult;
}

export interface Verdict {
  name: string;
  service: number;
  reference: number;
  value: number;
  unit: string;
  target: string;
  pass: boolean;
}

/** The four judged figures, each with what it was computed from. */
export function verdicts(f: Figures): Verdict[] {
  const t = BENCH.targets;
  const photoRatio = f.photo.service.perSecond / f.photo.bare.perSecond;
  const smallRatio = f.small.service.perSecond / f.small.bare.perSecond;
  const importRatio = f.photo.import!.perSecond / f.photo.service.perSecond;
  return [
    { name: `1a upload/s ${f.photo.service.fixture}, service/bare`, service: f.photo.service.perSecond, reference: f.photo.bare.perSecond, value: round(photoRatio, 3), unit: '×', target: `≥ ${t.throughputRatio}`, pass: photoRatio >= t.throughputRatio },
    { name: `1b upload/s ${f.small.service.fixture}, service/bare`, service: f.small.service.perSecond, reference: f.small.bare.perSecond, value: round(smallRatio, 3), unit: '×', target: `≥ ${t.throughputRatio}`, pass: smallRatio >= t.throughputRatio },
    { name: '2  p50 ms 100 KB PNG, service−bare', service: f.latency.serviceP50Ms, reference: f.latency.bareP50Ms, value: f.latency.overheadP50Ms, unit: 'ms', target: `≤ ${t.latencyOverheadMs} ms`, pass: f.latency.overheadP50Ms <= t.latencyOverheadMs },
    { name: `3  gateway RSS MB, ${f.memory.uploads}×${f.memory.uploadMb} MB peak−idle`, service: f.memory.peakMb, reference: f.memory.baselineMb, value: f.memory.growthMb, unit: 'MB', target: `≤ ${t.gatewayRssGrowthMb} MB`, pass: f.memory.growthMb <= t.gatewayRssGrowthMb },
    { name: '4  12 MP import/s vs upload/s', service: f.photo.import!.perSecond, reference: f.photo.service.perSecond, value: round(importRatio, 3), unit: '×', target: `≥ ${t.importRatio}`, pass: importRatio >= t.importRatio },
  ];
}

export function summaryTable(list: Verdict[]): string {
  return formatTable(
    ['measure', 'measured', 'reference', 'result', 'target', ''],
    list.map((v) => [v.name, String(v.service), String(v.reference), `${v.value} ${v.unit}`, v.target, v.pass ? 'ok' : 'MISS']),
  );
}

/** Where a service upload's time goes (p50 per stage), next to the bare work for the same image. */
export function breakdownTable(f: Figures, db: { p50Ms: number }): string {
  const rows = [
    { label: `${f.small.service.fixture}, sequential`, b: f.latency.breakdown, bare: f.latency.bareP50Ms },
    { label: `${f.small.service.fixture}, concurrency 4`, b: f.small.breakdown, bare: f.small.bare.p50Ms },
    { label: `${f.photo.service.fixture}, concurrency 4`, b: f.photo.breakdown, bare: f.photo.bare.p50Ms },
  ];
  return formatTable(
    ['p50 ms', 'gateway in', 'queue wait', 'worker job', 'gateway out', 'client total', 'bare work'],
    rows.map(({ label, b, bare }) =>
      [label, b.gatewayBeforeEnqueueMs, b.queueWaitMs, b.workerJobMs, b.gatewayAfterJobMs, b.clientTotalMs, bare].map(String),
    ),
  ) + `\n(one indexed SELECT on the embedded database, idle: ${db.p50Ms} ms p50)`;
}

/** CPU ms per operation by process: on 2 cores, throughput is bounded by the total. */
export function cpuTable(f: Figures): string {
  const rows: [string, Record<string, number>][] = [
    [`${f.photo.service.fixture} upload, service`, f.photo.service.cpuMsPerOp],
    [`${f.photo.service.fixture} import, service`, f.photo.import!.cpuMsPerOp],
    [`${f.photo.service.fixture}, bare`, f.photo.bare.cpuMsPerOp],
    [`${f.small.service.fixture} upload, service`, f.small.service.cpuMsPerOp],
    [`${f.small.service.fixture}, bare`, f.small.bare.cpuMsPerOp],
  ];
  const roles = Object.keys(rows[0][1]);
  return formatTable(
    ['CPU ms per op (conc. 4)', ...roles, 'total'],
    rows.map(([label, cpu]) => [label, ...roles.map((r) => (cpu[r] ?? 0).toFixed(1)), total(cpu).toFixed(1)]),
  ) +
    `\nCPU-bound ceiling of service/bare (bare CPU ÷ service CPU per op): ` +
    `${f.photo.service.fixture} ${(total(f.photo.bare.cpuMsPerOp) / total(f.photo.service.cpuMsPerOp)).toFixed(2)}, ` +
    `${f.small.service.fixture} ${(total(f.small.bare.cpuMsPerOp) / total(f.small.service.cpuMsPerOp)).toFixed(2)}`;
}

const total = (cpu: Record<string, number>): number => Object.values(cpu).reduce((a, b) => a + b, 0);
