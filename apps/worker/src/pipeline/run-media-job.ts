import { Job, UnrecoverableError } from 'bullmq';
import { encodeJobFailure, ErrorCode, JobFailure } from '@app/errors';
import { PermanentFailure } from './permanent-failure';

export interface MediaJobHooks<T> {
  /**
   * Called once when the job will not be tried again; must leave no object and no ready row behind. When
   * the media is ready all the same (an earlier run's mark-ready committed), it resolves with the result
   * the job completes with instead: its caller must not be told "failed" about a published media.
   */
  onFinalFailure(failure: JobFailure): Promise<T | undefined>;
}

export function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Runs one attempt of a media job. Permanent failures end the job at once with the encoded documented
 * error; transient ones are rethrown for BullMQ to retry, and on the last attempt become `fallbackCode`
 * (unless the media turned out ready: then the job completes).
 */
export async function runMediaJob<T>(
  job: Job,
  fallbackCode: ErrorCode & ('upload_failed' | 'import_failed'),
  hooks: MediaJobHooks<T>,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const permanent = error instanceof PermanentFailure;
    if (!permanent && !isLastAttempt(job)) throw error;
    const failure: JobFailure = permanent
      ? error.failure
      : { code: fallbackCode, status: 500, message: fallbackCode === 'upload_failed' ? 'Upload failed' : 'Import failed' };
    const readyAfterAll = await hooks.onFinalFailure(failure);
    if (readyAfterAll !== undefined) return readyAfterAll;
    throw new UnrecoverableError(encodeJobFailure(failure));
  }
}
