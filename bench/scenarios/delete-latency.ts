import { deleteMedia, expectStatus } from '../client/api';
import { BENCH } from '../config';
import { countStoredObjects, VariantFiller } from '../fixtures/stored-objects';
import { percentile, round } from '../measure/stats';
import type { Log } from '../suites/log';

export interface StoreSize {
  label: 'few' | 'many';
  /** Objects the store holds while this size is measured (the measured media's originals plus filler). */
  objects: number;
  filler: VariantFiller;
}

export interface DeleteLatency {
  objects: number;
  /** Objects counted in the store at the start of each block (equal to `objects`, or the run fails). */
  counted: number[];
  deletes: number;
  p50Ms: number;
  p90Ms: number;
}

export interface DeleteTarget {
  baseUrl: string;
  key: string;
  storeRoot: string;
  /** Uploaded media, each one original in the store; every delete takes one. */
  mediaIds: string[];
}

async function timedDelete(target: DeleteTarget, mediaId: string): Promise<number> {
  const t0 = performance.now();
  const result = await deleteMedia(target.baseUrl, target.key, mediaId);
  const ms = performance.now() - t0;
  expectStatus(result, 200, `DELETE /v1/media/${mediaId}`);
  return ms;
}

/**
 * Sequential DELETEs with the store at each size in turn: the size's filler tree is topped up or trimmed so
 * the store holds exactly its count, moved in as `variants/`, `perBlock` media are deleted, and it is moved
 * out again. The sizes take turns in alternating order, so a burst of load from elsewhere lands on both.
 */
export async function measureDeleteLatency(target: DeleteTarget, sizes: StoreSize[], log: Log): Promise<Record<StoreSize['label'], DeleteLatency>> {
  const { warmup, rounds, perBlock } = BENCH.storage;
  const left = [...target.mediaIds];
  const times = new Map<StoreSize, number[]>(sizes.map((size) => [size, []]));
  const counted = new Map<StoreSize, number[]>(sizes.map((size) => [size, []]));

  const block = async (size: StoreSize, deletes: number, timed: boolean) => {
    await size.filler.resize(size.objects - left.length);
    await size.filler.moveInto(target.storeRoot);
    try {
      const objects = await countStoredObjects(target.storeRoot);
      if (objects !== size.objects) throw new Error(`the store holds ${objects} objects, expected ${size.objects}`);
      if (timed) counted.get(size)!.push(objects);
      for (let i = 0; i < deletes; i++) {
        const ms = await timedDelete(target, left.pop()!);
        if (timed) times.get(size)!.push(ms);
      }
    } finally {
      await size.filler.moveOut(target.storeRoot);
    }
  };

  await block(sizes[sizes.length - 1], warmup, false);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? sizes : [...sizes].reverse();
    for (const size of order) await block(size, perBlock, true);
    log(`storage: round ${round + 1}/${rounds} done`);
  }
  return Object.fromEntries(
    sizes.map((size) => {
      const values = times.get(size)!;
      return [size.label, { objects: size.objects, counted: counted.get(size)!, deletes: values.length, p50Ms: round(percentile(values, 50)), p90Ms: round(percentile(values, 90)) }];
    }),
  ) as Record<StoreSize['label'], DeleteLatency>;
}

/** How many media the measurement deletes (each uploaded first). */
export function deletedMediaCount(): number {
  const { warmup, rounds, perBlock } = BENCH.storage;
  return warmup + rounds * 2 * perBlock;
}
