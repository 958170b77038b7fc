import { BENCH } from '../config';
import type { ListPlan } from '../diagnostics/list-plan';
import { round } from '../measure/stats';
import type { ListLatency } from '../scenarios/list-latency';
import type { Verdict } from './summary';

export interface ListFigures {
  big: ListLatency;
  small: ListLatency;
  bigPlan: ListPlan;
  smallPlan: ListPlan;
}

/** The judged figure: big account's p50 ÷ small account's p50; and the plan must not scan the table. */
export function listVerdicts(f: ListFigures): Verdict[] {
  const ratio = f.big.p50Ms / f.small.p50Ms;
  const target = BENCH.targets.listRatio;
  return [
    { name: `5  list p50 ms, ${BENCH.list.bigAccountRows} ÷ ${BENCH.list.smallAccountRows} media`, service: f.big.p50Ms, reference: f.small.p50Ms, value: round(ratio, 3), unit: '×', target: `≤ ${target}`, pass: ratio <= target },
  ];
}

export function planSummary(label: string, plan: ListPlan): string {
  const verdict = plan.seqScan ? 'SEQUENTIAL SCAN' : plan.indexes.length ? `index ${plan.indexes.join(', ')}, no sequential scan` : 'no index';
  return `${label}: ${verdict}; executes in ${plan.executionMs} ms`;
}
