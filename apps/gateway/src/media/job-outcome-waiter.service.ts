import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { jobFailureToApiError } from '@app/errors';
import { IMPORT_QUEUE, INGEST_QUEUE, jobOutcomeChannel, VARIANT_QUEUE } from '@app/jobs';
import { MetricsService } from '../metrics/metrics.service';
import { JobOutcomeSubscriptions } from './job-outcome-subscriptions';

/** How often a waiting request asks for its job's state, in case its event was missed. */
export const STATE_CHECK_INTERVAL_MS = 1000;

export type WaitOutcome<R> = { finished: true; result: R } | { finished: false };

type JobOutcome = { result: unknown } | { reason: string } | { pending: true };

/**
 * Waits, bounded, for a job's outcome. The worker announces each job's final outcome on that job's own
 * channel, which this gateway subscribes to only while a request waits on the job (one subscriber
 * connection, so a gateway's cost follows its own traffic, not other gateways'); a state check every
 * second backs it up, so a missed message costs at most a second. A failure becomes the documented error
 * the worker encoded; a wait that runs out answers `{finished: false}` (the job goes on, the caller
 * reports it as processing).
 */
@Injectable()
export class JobOutcomeWaiter implements OnModuleInit, OnModuleDestroy {
  private subscriptions?: JobOutcomeSubscriptions;
  /** Every wait still open, to answer them `processing` at shutdown (several may share one job: variants). */
  private readonly waiting = new Set<(outcome: JobOutcome) => void>();
  private readonly queues: Map<string, Queue>;
  private stateCheckIntervalMs = STATE_CHECK_INTERVAL_MS;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    @InjectQueue(INGEST_QUEUE) ingestQueue: Queue,
    @InjectQueue(IMPORT_QUEUE) importQueue: Queue,
    @InjectQueue(VARIANT_QUEUE) variantQueue: Queue,
  ) {
    this.queues = new Map([
      [INGEST_QUEUE, ingestQueue],
      [IMPORT_QUEUE, importQueue],
      [VARIANT_QUEUE, variantQueue],
    ]);
  }

  onModuleInit(): void {
    this.subscriptions = new JobOutcomeSubscriptions(this.config.redisUrl);
  }

  async waitFor<R>(queueName: string, jobId: string, fallback: 'upload_failed' | 'import_failed' | 'internal_error'): Promise<WaitOutcome<R>> {
    const timer = this.metrics.jobDuration.startTimer({ queue: queueName });
    const outcome = await this.outcomeOf(queueName, jobId);
    if ('pending' in outcome) {
      timer({ outcome: 'pending' });
      return { finished: false };
    }
    if ('reason' in outcome) {
      const apiError = jobFailureToApiError(outcome.reason, fallback);
      timer({ outcome: 'failed' });
      this.metrics.jobErrors.inc({ queue: queueName, code: apiError.code });
      throw apiError;
    }
    timer({ outcome: 'completed' });
    return { finished: true, result: outcome.result as R };
  }

  private outcomeOf(queueName: string, jobId: string): Promise<JobOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (outcome: JobOutcome) => {
        if (settled) return;
        settled = true;
        this.waiting.delete(done);
        listener.stop();
        clearInterval(checks);
        clearTimeout(deadline);
        resolve(outcome);
      };
      this.waiting.add(done);
      const listener = this.subscriptions!.listen(jobOutcomeChannel(this.config.queuePrefix, queueName, jobId), done);
      const check = () => void this.checkState(queueName, jobId).then((state) => state && done(state), () => undefined);
      const checks = setInterval(check, this.stateCheckIntervalMs);
      const deadline = setTimeout(() => done({ pending: true }), this.config.jobWaitTimeoutMs);
      // The job may have ended before its channel was subscribed.
      void listener.subscribed.then(() => !settled && check());
    });
  }

  /** The job's outcome if it has ended, read from the queue itself. */
  private async checkState(queueName: string, jobId: string): Promise<{ result: unknown } | { reason: string } | null> {
    const job = await this.queues.get(queueName)!.getJob(jobId);
    if (!job?.finishedOn) return null;
    const state = await job.getState();
    if (state === 'completed') return { result: job.returnvalue };
    if (state === 'failed') return { reason: job.failedReason };
    return null;
  }

  async onModuleDestroy(): Promise<void> {
    // The jobs go on without this gateway: their callers are told the media is still processing.
    for (const settle of [...this.waiting]) settle({ pending: true });
    await this.subscriptions?.close();
  }
}

