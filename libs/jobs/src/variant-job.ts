import type { DefaultJobOptions } from 'bullmq';
import { decodeJobFailure, type JobFailure } from '@app/errors';
import type { OutputFormat, VariantSize } from '@app/formats';

/** Delivery variants: one job renders one size/format of one stored object (shared by media of the same bytes), once. */
export const VARIANT_QUEUE = 'variant';
export const VARIANT_JOB = 'variant';

export interface VariantJobData {
  /** The stored object (a media's `object_id`) whose original it is rendered from and whose key it is stored under. */
  objectId: string;
  /** Jobs queued before dedup named the media, whose id was also its object's. */
  mediaId?: string;
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

/** The documented errors a variant request can end with (see docs/architecture.md, "Delivery variants"). */
export const VARIANT_FAILURES = {
  /** For good: no media points at the object any more. */
  gone: { code: 'not_found', status: 404, message: 'Media not found' },
  /** For good: the stored original cannot be decoded (or is over the pixel limit). */
  unrenderable: { code: 'internal_error', status: 500, message: 'Image could not be rendered' },
  /** Transient (storage down) after every attempt: the next request renders again. */
  fault: { code: 'internal_error', status: 500, message: 'Internal server error' },
} as const satisfies Record<string, JobFailure>;

/** How long a variant that failed for good is remembered (ms): within it, requests get the same error without a new job. */
export const FAILED_VARIANT_REMEMBERED_MS = 600_000;

/**
 * The failure a new request for the variant answers with at once, if its job failed for good less than
 * FAILED_VARIANT_REMEMBERED_MS ago; null when it should render again (a storage fault, a crashed worker,
 * an old failure).
 */
export function rememberedVariantFailure(
  job: { failedReason?: string; finishedOn?: number },
  nowMs: number,
): JobFailure | null {
  if (!job.finishedOn || nowMs - job.finishedOn >= FAILED_VARIANT_REMEMBERED_MS) return null;
  const failure = decodeJobFailure(job.failedReason);
  const forGood: JobFailure[] = [VARIANT_FAILURES.gone, VARIANT_FAILURES.unrenderable];
  return forGood.some((known) => known.code === failure?.code && known.message === failure.message) ? failure : null;
}

/**
 * Transient faults (storage down) are retried; a permanent one fails at once. Completed jobs stay an hour
 * so late requests for the same variant find the finished job instead of rendering again. A failed job is
 * kept as long as a permanent failure is remembered: waiting requests whose outcome message was missed
 * still find it by their state check, and new requests answer it at once (`VariantRenderer`); a job that
 * failed on a fault is run again by the next request.
 */
export const VARIANT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: FAILED_VARIANT_REMEMBERED_MS / 1000, count: 10_000 },
};
