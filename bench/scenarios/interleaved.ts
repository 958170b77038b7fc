import { combine, PoolRun } from '../measure/pool';
import type { BenchContext } from './context';
import { Operation, run } from './operations';

/**
 * Measures several operations of one comparison in alternating rounds (A B C A B C …), so a burst of
 * load from something else on the machine is shared between them instead of skewing one side.
 */
export async function interleaved(
  ctx: BenchContext,
  operations: Record<string, Operation>,
  total: number,
  concurrency: number,
  rounds: number,
): Promise<Record<string, PoolRun>> {
  const runs: Record<string, PoolRun[]> = Object.fromEntries(Object.keys(operations).map((name) => [name, []]));
  for (let r = 0; r < rounds; r++) {
    const count = Math.floor(total / rounds) + (r < total % rounds ? 1 : 0);
    for (const [name, operation] of Object.entries(operations)) runs[name].push(await run(ctx, operation, count, concurrency));
  }
  return Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, combine(list)]));
}
