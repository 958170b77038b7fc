import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { jobFailureToApiError } from '@app/errors';
import { IMPORT_QUEUE, INGEST_QUEUE, jobOutcomeChannel, VARIANT_QUEUE } from '@app/jobs';
import { MetricsService } from '../metrics/metrics.service';
import { InboxTicket, JobOutcomeSubscriptions } from './job-outcome-subscriptions';

/** How often a waiting request asks for its job's state, in case its event was missed. */
export const STATE_CHECK_INTERVAL_MS = 1000;

export type WaitOutcome<R> = { finished: true; result: R } | { finished: false };

type JobOutcome = { result: unknown } | { reason: string } | { pending: true };

/**
 * Waits, bounded, for a job's outcome. A job queued with this gateway's inbox (`inbox()`: uploads and
 * imports whose request waits) is announced there by the worker, and the wait costs no Redis command; any
 * other job is announced on its own channel, which this gateway subscribes to only while a request waits on
 * the job. Either way one subscriber connection, and a gateway's cost follows its own traffic, not other
 * gateways'. A state check every second backs the messages up, so a missed one costs at most a second; one
 * runs at once when a message may have been missed already (the inbox was subscribed again since the job
 * was queued; a job channel just subscribed). A failure becomes the documented error the worker encoded; a
 * wait that runs out answers `{finished: false}` (the job goes on, the caller reports it as processing).
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
    this.subscriptions = new JobOutcomeSubscriptions(this.config.redisUrl, this.config.queuePrefix);
  }

  /** This gateway's inbox, to queue a job with (`outcomeChannel`) that a request then waits on; undefined while it is not subscribed. */
  inbox(): InboxTicket | undefined {
    return this.subscriptions?.inbox();
  }

  /** `inbox`: the ticket the job was queued with, if any (else its outcome comes on the job's own channel). */
  async waitFor<R>(
    queueName: string,
    jobId: string,
    fallback: 'upload_failed' | 'import_failed' | 'internal_error',
    inbox?: InboxTicket,
  ): Promise<WaitOutcome<R>> {
    const timer = this.metrics.jobDuration.startTimer({ queue: queueName });
    const outcome = await this.outcomeOf(queueName, jobId, inbox);
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

  private outcomeOf(queueName: string, jobId: string, inbox: InboxTicket | undefined): Promise<JobOutcome> {
    return new Promise((resolve) => {
      const subscriptions = this.subscriptions!;
      let settled = false;
      let stopListening = () => {};
      const done = (outcome: JobOutcome) => {
        if (settled) return;
        settled = true;
        this.waiting.delete(done);
        stopListening();
        clearInterval(checks);
        clearTimeout(deadline);
        resolve(outcome);
      };
      const check = () => void this.checkState(queueName, jobId).then((state) => state && done(state), () => undefined);
      const checks = setInterval(check, this.stateCheckIntervalMs);
      const deadline = setTimeout(() => done({ pending: true }), this.config.jobWaitTimeoutMs);
      this.waiting.add(done);
      if (inbox) {
        // An outcome heard before this wait registered is handed over at once.
        stopListening = subscriptions.expect(queueName, jobId, { onOutcome: done, onResubscribed: check });
        if (!settled && !subscriptions.heardSince(inbox)) check();
        return;
      }
      const listener = subscriptions.listen(jobOutcomeChannel(this.config.queuePrefix, queueName, jobId), done);
      stopListening = listener.stop;
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

