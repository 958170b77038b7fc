import type { DefaultJobOptions } from 'bullmq';
import type { OutputFormat, VariantSize } from '@app/formats';

/** Delivery variants: one job renders one size/format of one media, once. */
export const VARIANT_QUEUE = 'variant';
export const VARIANT_JOB = 'variant';

export interface VariantJobData {
  mediaId: string;
  size: VariantSize;
  format: OutputFormat;
}

export interface VariantJobResult {
  /** The storage key it was stored under (variantKey); sanitised, also the job id. */
  key: string;
  filesize: number;
  width: number;
  height: number;
}

/** BullMQ job ids may not contain ':'; storage keys never do, but the id must not depend on that. */
export function variantJobId(storageKey: string): string {
  return storageKey.replace(/:/g, '_');
}

/**
 * Transient faults (storage down) are retried; a permanent one fails at once. Completed jobs stay an hour
 * so late requests for the same variant find the finished job instead of rendering again; a failed job is
 * removed at once, so the next request tries afresh rather than inheriting an old transient failure.
 */
export const VARIANT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: true,
};
