import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Job, Queue } from 'bullmq';
import { ApiError } from '@app/errors';
import { FORMAT_INFO, OutputFormat, VariantSize } from '@app/formats';
import { rememberedVariantFailure, VARIANT_JOB, VARIANT_QUEUE, VariantJobData, VariantJobResult, variantJobId } from '@app/jobs';
import { variantKey } from '@app/storage';
import { JobOutcomeWaiter } from '../media/job-outcome-waiter.service';

/** The answer when a render does not finish within JOB_WAIT_TIMEOUT_MS (e.g. no worker runs). */
export const RENDER_TIMED_OUT_MESSAGE = 'Image rendering did not finish in time; try again';

/**
 * Asks the workers for a variant and waits for it. The job id is the variant's storage key, so every
 * request for one variant, on any gateway, waits on the same single render.
 */
@Injectable()
export class VariantRenderer {
  constructor(
    @InjectQueue(VARIANT_QUEUE) private readonly queue: Queue<VariantJobData, VariantJobResult>,
    private readonly waiter: JobOutcomeWaiter,
  ) {}

  /**
   * `beforeNewRender` runs (and may refuse by throwing) only when this request would start a render: no job
   * for the variant exists, or its last one failed on a fault. Joining a queued, running or finished job costs
   * nothing; a render that failed for good within FAILED_VARIANT_REMEMBERED_MS answers its error at once.
   */
  async render(objectId: string, size: VariantSize, format: OutputFormat, beforeNewRender: () => Promise<void>): Promise<VariantJobResult> {
    const jobId = variantJobId(variantKey(objectId, size, FORMAT_INFO[format].ext));
    const data = { objectId, size, format };
    const job = await this.queue.getJob(jobId);
    if (!job) {
      await beforeNewRender();
    } else if (await job.isFailed()) {
      const remembered = rememberedVariantFailure(job, Date.now());
      if (remembered) throw new ApiError(remembered.code, { status: remembered.status, message: remembered.message });
      await beforeNewRender();
      await this.retry(job);
    }
    // A no-op for a job that exists (queued, running or finished): this request joins it.
    await this.queue.add(VARIANT_JOB, data, { jobId });
    const outcome = await this.waiter.waitFor<VariantJobResult>(VARIANT_QUEUE, jobId, 'internal_error');
    if (!outcome.finished) throw new ApiError('internal_error', { message: RENDER_TIMED_OUT_MESSAGE });
    return outcome.result;
  }

  /** Of several requests retrying a failed job at once one wins; the others find it queued again (or, removed meanwhile, queue it anew below). */
  private async retry(job: Job<VariantJobData, VariantJobResult>): Promise<void> {
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true }).catch(() => undefined);
  }
}
