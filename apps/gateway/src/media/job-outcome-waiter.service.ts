import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue, QueueEvents } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { jobFailureToApiError } from '@app/errors';
import { closeWithin, IMPORT_QUEUE, INGEST_QUEUE, QUEUE_CLOSE_MS, redisConnectionOptions, VARIANT_QUEUE } from '@app/jobs';
import { MetricsService } from '../metrics/metrics.service';

/** How often a waiting request asks for its job's state, in case its event was missed. */
export const STATE_CHECK_INTERVAL_MS = 1000;

export type WaitOutcome<R> = { finished: true; result: R } | { finished: false };

type JobOutcome = { result: unknown } | { reason: string } | { pending: true };

interface Waiting {
  settle(outcome: JobOutcome): void;
}

/**
 * Waits, bounded, for a job's outcome. One long-lived QueueEvents per queue, opened at start-up, tells
 * waiting requests when their job ends; a state check every second backs it up, so a missed event
 * costs at most a second. A failure becomes the documented error the worker encoded; a wait that
 * runs out answers `{finished: false}` (the job goes on, the caller reports it as processing).
 */
@Injectable()
export class JobOutcomeWaiter implements OnModuleInit, OnModuleDestroy {
  private readonly events: QueueEvents[] = [];
  /** Several requests may wait on one job (variants: every request for the same variant). */
  private readonly waiting = new Map<string, Set<Waiting>>();
  private readonly queues: Map<string, Queue>;

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
    for (const queueName of this.queues.keys()) {
      const events = new QueueEvents(queueName, {
        connection: redisConnectionOptions(this.config.redisUrl),
        prefix: this.config.queuePrefix,
      });
      // Connection trouble is reported by /health/ready; the state checks carry the waits meanwhile.
      events.on('error', () => undefined);
      events.on('completed', ({ jobId, returnvalue }) => this.settleAll(key(queueName, jobId), { result: returnvalue }));
      events.on('failed', ({ jobId, failedReason }) => this.settleAll(key(queueName, jobId), { reason: failedReason }));
      this.events.push(events);
    }
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
    const id = key(queueName, jobId);
    return new Promise((resolve) => {
      let settled = false;
      const done = (outcome: JobOutcome) => {
        if (settled) return;
        settled = true;
        const entries = this.waiting.get(id);
        entries?.delete(entry);
        if (entries?.size === 0) this.waiting.delete(id);
        clearInterval(checks);
        clearTimeout(deadline);
        resolve(outcome);
      };
      const entry: Waiting = { settle: done };
      if (!this.waiting.has(id)) this.waiting.set(id, new Set());
      this.waiting.get(id)!.add(entry);
      const check = () => void this.checkState(queueName, jobId).then((state) => state && done(state), () => undefined);
      const checks = setInterval(check, STATE_CHECK_INTERVAL_MS);
      const deadline = setTimeout(() => done({ pending: true }), this.config.jobWaitTimeoutMs);
      // The job may have ended before this wait began.
      check();
    });
  }

  private settleAll(id: string, outcome: JobOutcome): void {
    for (const entry of [...(this.waiting.get(id) ?? [])]) entry.settle(outcome);
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
    for (const entries of [...this.waiting.values()]) for (const entry of [...entries]) entry.settle({ pending: true });
    await Promise.all(this.events.map((events) => closeWithin(events, QUEUE_CLOSE_MS)));
  }
}

const key = (queueName: string, jobId: string) => `${queueName}:${jobId}`;

