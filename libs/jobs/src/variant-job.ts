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

/** How long a failed variant job is kept (seconds): long enough for every request waiting on it to read its outcome. */
const FAILED_VARIANT_KEPT_S = 600;

/**
 * Transient faults (storage down) are retried; a permanent one fails at once. Completed jobs stay an hour
 * so late requests for the same variant find the finished job instead of rendering again. A failed job is
 * kept too (bounded), so a waiting request whose outcome message was missed or came before it listened
 * still finds the failure by its state check; a new request for the variant runs the failed job again
 * (`VariantRenderer`) rather than inheriting an old fault.
 */
export const VARIANT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: FAILED_VARIANT_KEPT_S, count: 10_000 },
};
