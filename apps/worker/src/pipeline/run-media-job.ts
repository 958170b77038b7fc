import { Job, UnrecoverableError } from 'bullmq';
import { encodeJobFailure, ErrorCode, JobFailure } from '@app/errors';
import { PermanentFailure } from './permanent-failure';

export interface MediaJobHooks {
  /** Called once when the job will not be tried again; must leave no object and no ready row behind. */
  onFinalFailure(failure: JobFailure): Promise<void>;
}

export function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Runs one attempt of a media job. Permanent failures end the job at once with the encoded documented
 * error; transient ones are rethrown for BullMQ to retry, and on the last attempt become `fallbackCode`.
 */
export async function runMediaJob<T>(
  job: Job,
  fallbackCode: ErrorCode & ('upload_failed' | 'import_failed'),
  hooks: MediaJobHooks,
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
    await hooks.onFinalFailure(failure);
    throw new UnrecoverableError(encodeJobFailure(failure));
  }
}
