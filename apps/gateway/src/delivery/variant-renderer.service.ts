import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { ApiError } from '@app/errors';
import { FORMAT_INFO, OutputFormat, VariantSize } from '@app/formats';
import { VARIANT_JOB, VARIANT_QUEUE, VariantJobData, VariantJobResult, variantJobId } from '@app/jobs';
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

  async render(mediaId: string, size: VariantSize, format: OutputFormat): Promise<VariantJobResult> {
    const jobId = variantJobId(variantKey(mediaId, size, FORMAT_INFO[format].ext));
    await this.startRender(jobId, { mediaId, size, format });
    const outcome = await this.waiter.waitFor<VariantJobResult>(VARIANT_QUEUE, jobId, 'internal_error');
    if (!outcome.finished) throw new ApiError('internal_error', { message: RENDER_TIMED_OUT_MESSAGE });
    return outcome.result;
  }

  /**
   * Queues the render; a failed job kept from an earlier request (kept so that its waiters could read how it
   * ended) is run again. Of several requests retrying it at once one wins; for the others the job is no longer
   * failed, and adding it again is then a no-op (or queues it anew if it was removed meanwhile).
   */
  private async startRender(jobId: string, data: VariantJobData): Promise<void> {
    const add = () => this.queue.add(VARIANT_JOB, data, { jobId });
    await add();
    if ((await this.queue.getJobState(jobId)) !== 'failed') return;
    const retried = await this.queue
      .getJob(jobId)
      .then((job) => job?.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true }).then(() => true))
      .catch(() => false);
    if (!retried) await add();
  }
}
