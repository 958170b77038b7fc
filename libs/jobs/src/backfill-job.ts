import type { DefaultJobOptions } from 'bullmq';

/**
 * `npm run admin -- media backfill`: one job per media stored before placeholders (and, where it can be
 * known, before sha256), filling what it lacks from its stored original.
 */
export const BACKFILL_QUEUE = 'backfill';
export const BACKFILL_JOB = 'media-backfill';

export interface BackfillJobData {
  mediaId: string;
}

export interface BackfillJobResult {
  mediaId: string;
  /** The columns this job filled; empty when there was nothing left to do (a re-run, a media gone). */
  filled: Array<'placeholder' | 'sha256'>;
}

/** One job per media at a time; `:` is not allowed in a job id. */
export function backfillJobId(mediaId: string): string {
  return `backfill-${mediaId}`;
}

/** Storage faults are retried; a finished job stays an hour, so the command that queued it reads its outcome. */
export const BACKFILL_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600 },
  removeOnFail: { age: 3600 },
};
