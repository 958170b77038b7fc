import { BENCH } from '../config';
import type { GatewayMemoryResult } from '../scenarios/gateway-memory';
import type { LatencyResult } from '../scenarios/latency';
import type { ThroughputResult } from '../scenarios/throughput';
import { round } from '../measure/stats';
import { formatTable } from './table';

export interface Figures {
  database: 'embedded' | 'postgresql';
  /** Absent in a small-only run (BENCH_SMALL_ONLY=1). */
  camera?: ThroughputResult;
  photo?: ThroughputResult;
  small: ThroughputResult;
  latency: LatencyResult;
  /** Measured once per run (the gateway's memory does not depend on the database). */
  memory?: GatewayMemoryResult;
  /** Upload body sizes (bytes) of the fixtures, for the gateway's CPU per MB. */
  photoBytes: number;
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

const ratio = (r: ThroughputResult) => r.service.perSecond / r.thin.perSecond;

/** The judged figures, each with what it was computed from. */
export function verdicts(f: Figures): Verdict[] {
  const t = BENCH.targets;
  const throughput = (id: string, r: ThroughputResult, target: number): Verdict => ({
    name: `${id} upload/s ${r.service.fixture}, service/thin`,
    service: r.service.perSecond,
    reference: r.thin.perSecond,
    value: round(ratio(r), 3),
    unit: '×',
    target: `≥ ${target}`,
    pass: ratio(r) >= target,
  });
  const mb = f.photoBytes / 1e6;
  const list: Verdict[] = [];
  if (f.camera) list.push(throughput('1a', f.camera, t.photoRatio));
  if (f.photo) list.push(throughput('1b', f.photo, t.photoRatio));
  list.push(
    throughput('1c', f.small, t.smallRatio),
    { name: `2  p50 ms ${f.small.service.fixture} sequential, service−thin`, service: f.latency.serviceP50Ms, reference: f.latency.thinP50Ms, value: f.latency.overheadP50Ms, unit: 'ms', target: `≤ ${t.latencyOverheadMs} ms`, pass: f.latency.overheadP50Ms <= t.latencyOverheadMs },
  );
  if (f.photo) {
    const gatewayPerMb = round((f.photo.service.cpuMsPerOp.gateway ?? 0) / mb, 2);
    list.push({ name: `3  gateway CPU ms per MB of body (${f.photo.service.fixture})`, service: f.photo.service.cpuMsPerOp.gateway ?? 0, reference: round(mb, 2), value: gatewayPerMb, unit: 'ms/MB', target: `≤ ${t.gatewayCpuMsPerMb} ms/MB`, pass: gatewayPerMb <= t.gatewayCpuMsPerMb });
  }
  if (f.database === 'embedded') {
    const db = f.small.service.cpuMsPerOp.database ?? 0;
    list.push({ name: `4  embedded database CPU ms per upload (${f.small.service.fixture})`, service: db, reference: 0, value: db, unit: 'ms', target: `≤ ${t.embeddedDbCpuMs} ms`, pass: db <= t.embeddedDbCpuMs });
  }
  if (f.memory) {
    list.push({ name: `5  gateway RSS MB, ${f.memory.uploads}×${f.memory.uploadMb} MB peak−idle`, service: f.memory.peakMb, reference: f.memory.baselineMb, value: f.memory.growthMb, unit: 'MB', target: `≤ ${t.gatewayRssGrowthMb} MB`, pass: f.memory.growthMb <= t.gatewayRssGrowthMb });
  }
  if (f.photo) {
    const importRatio = f.photo.import!.perSecond / f.photo.service.perSecond;
    list.push({ name: '6  12 MP import/s vs upload/s', service: f.photo.import!.perSecond, reference: f.photo.service.perSecond, value: round(importRatio, 3), unit: '×', target: `≥ ${t.importRatio}`, pass: importRatio >= t.importRatio });
  }
  return list;
}

export function summaryTable(list: Verdict[]): string {
  return formatTable(
    ['measure', 'measured', 'reference', 'result', 'target', ''],
    list.map((v) => [v.name, String(v.service), String(v.reference), `${v.value} ${v.unit}`, v.target, v.pass ? 'ok' : 'MISS']),
  );
}

/** Where a service upload's time goes (p50 per stage), next to the thin peer's p50 for the same image. */
export function breakdownTable(f: Figures, db: { p50Ms: number }): string {
  const rows = [
    { label: `${f.small.service.fixture}, sequential`, b: f.latency.breakdown, thin: f.latency.thinP50Ms },
    ...[f.small, f.photo, f.camera].flatMap((r) => (r ? [{ label: `${r.service.fixture}, concurrency 4`, b: r.breakdown, thin: r.thin.p50Ms }] : [])),
  ];
  return formatTable(
    ['p50 ms', 'gateway in', 'queue wait', 'worker job', 'gateway out', 'client total', 'thin total'],
    rows.map(({ label, b, thin }) =>
      [label, b.gatewayBeforeEnqueueMs, b.queueWaitMs, b.workerJobMs, b.gatewayAfterJobMs, b.clientTotalMs, thin].map(String),
    ),
  ) + `\n(one indexed SELECT on the ${f.database} database, idle: ${db.p50Ms} ms p50)`;
}

/** CPU ms per operation by process: on 2 cores, throughput is bounded by the total. */
export function cpuTable(f: Figures): string {
  const rows: [string, Record<string, number>][] = [];
  const measured = [f.camera, f.photo, f.small].filter((r): r is ThroughputResult => r !== undefined);
  for (const r of measured) {
    rows.push([`${r.service.fixture} upload, service`, r.service.cpuMsPerOp], [`${r.service.fixture} upload, thin`, r.thin.cpuMsPerOp]);
  }
  if (f.photo) rows.push([`${f.photo.service.fixture} import, service`, f.photo.import!.cpuMsPerOp]);
  const roles = [...new Set(rows.flatMap(([, cpu]) => Object.keys(cpu)))];
  const ceiling = (r: ThroughputResult) => `${r.service.fixture} ${(total(r.thin.cpuMsPerOp) / total(r.service.cpuMsPerOp)).toFixed(2)}`;
  return formatTable(
    [`CPU ms per op (conc. 4, ${f.database})`, ...roles, 'total'],
    rows.map(([label, cpu]) => [label, ...roles.map((r) => (cpu[r] ?? 0).toFixed(1)), total(cpu).toFixed(1)]),
  ) +
    `\nCPU-bound ceiling of service/thin (thin CPU ÷ service CPU per op): ${measured.map(ceiling).join(', ')}`;
}

const total = (cpu: Record<string, number>): number => Object.values(cpu).reduce((a, b) => a + b, 0);
