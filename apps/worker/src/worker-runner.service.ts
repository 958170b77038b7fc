import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Worker, WorkerOptions } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  ALL_QUEUES,
  BACKFILL_QUEUE,
  closeWithin,
  IMPORT_QUEUE,
  INGEST_QUEUE,
  MAIL_QUEUE,
  MAINTENANCE_QUEUE,
  QUEUE_CLOSE_MS,
  redisConnectionOptions,
  redisErrorLog,
  settlesWithin,
  VARIANT_QUEUE,
  WEBHOOK_QUEUE,
  webhookBackoff,
} from '@app/jobs';
import { WebhookDelivery, WebhookRelay } from '@app/webhooks';
import { BackfillProcessor } from './processors/backfill.processor';
import { ImportProcessor } from './processors/import.processor';
import { IngestProcessor } from './processors/ingest.processor';
import { MailProcessor } from './processors/mail.processor';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { VariantProcessor } from './processors/variant.processor';
import { WorkerMetrics } from './metrics/worker-metrics';
import { SweepSchedule } from './sweep-schedule';
import { JobOutcomePublisher } from './outcomes/job-outcome-publisher';

const WEBHOOK_CONCURRENCY = 10;

/** Owns the BullMQ Workers of this process: one per queue, closed gracefully on shutdown. */
@Injectable()
export class WorkerRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly workers: Worker[] = [];
  private readonly outcomes: JobOutcomePublisher;
  private readonly logWorkerError: ReturnType<typeof redisErrorLog>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
    private readonly ingest: IngestProcessor,
    private readonly importer: ImportProcessor,
    private readonly maintenance: MaintenanceProcessor,
    private readonly mail: MailProcessor,
    private readonly variant: VariantProcessor,
    private readonly backfill: BackfillProcessor,
    private readonly metrics: WorkerMetrics,
    private readonly sweepSchedule: SweepSchedule,
    private readonly webhooks: WebhookDelivery,
    private readonly webhookRelay: WebhookRelay,
  ) {
    logger.setContext('WorkerRunner');
    this.logWorkerError = redisErrorLog(logger, 'worker');
    this.outcomes = new JobOutcomePublisher(config.redisUrl, config.queuePrefix);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.start(INGEST_QUEUE, (job) => this.ingest.process(job));
    this.start(IMPORT_QUEUE, (job) => this.importer.process(job));
    this.start(MAINTENANCE_QUEUE, () => this.maintenance.process(), 1);
    this.start(MAIL_QUEUE, (job) => this.mail.process(job));
    this.start(VARIANT_QUEUE, (job) => this.variant.process(job));
    // Deliveries mostly wait on receivers (up to WEBHOOK_TIMEOUT_MS each), so more of them run at once.
    this.start(WEBHOOK_QUEUE, (job) => this.webhooks.deliver(job.data.eventId), Math.max(WEBHOOK_CONCURRENCY, this.config.workerConcurrency), {
      settings: { backoffStrategy: webhookBackoff },
    });
    // One at a time per worker: the backfill never crowds out uploads and renders.
    this.start(BACKFILL_QUEUE, (job) => this.backfill.process(job), 1);
    this.assertEveryQueueHandled();
    await this.sweepSchedule.start();
    this.webhookRelay.start();
  }

  /** A queue of the registry without a Worker here would take jobs that never run: refuse to start. */
  private assertEveryQueueHandled(): void {
    const handled = new Set(this.workers.map((worker) => worker.name));
    const missing = ALL_QUEUES.filter((queue) => !handled.has(queue));
    if (missing.length) throw new Error(`no handler for queue(s): ${missing.join(', ')}`);
  }

  private start(
    queue: string,
    handler: (job: Job) => Promise<unknown>,
    concurrency = this.config.workerConcurrency,
    options: Partial<WorkerOptions> = {},
  ): void {
    const worker = new Worker(
      queue,
      async (job: Job) => {
        const started = Date.now();
        this.logger.info({ queue, jobId: job.id, attempt: job.attemptsMade + 1 }, 'job started');
        const result = await this.metrics.observe(queue, job, () => handler(job));
        this.logger.info({ queue, jobId: job.id, ms: Date.now() - started }, 'job completed');
        return result;
      },
      {
        connection: redisConnectionOptions(this.config.redisUrl),
        prefix: this.config.queuePrefix,
        concurrency,
        // The lock is renewed while the job runs; it only lapses when this process dies or hangs, and then
        // the stalled check of any live worker hands the job out again (once: a second stall fails it).
        lockDuration: this.config.lockDurationMs,
        stalledInterval: this.config.stalledIntervalMs,
        maxStalledCount: 1,
        ...options,
      },
    );
    worker.on('failed', (job, error) =>
      this.logger.warn({ queue, jobId: job?.id, attempt: job?.attemptsMade, reason: error.message }, 'job failed'),
    );
    worker.on('error', (error) => this.logWorkerError(error, { queue }));
    this.metrics.countStalls(worker);
    this.outcomes.announceOutcomesOf(worker);
    this.workers.push(worker);
  }

  /**
   * First of all shutdown steps (this module is the root, so its destroy hook runs before the database
   * or Redis close): take no more jobs, let the active ones finish within SHUTDOWN_TIMEOUT_MS. Past it,
   * cut them off; BullMQ's stalled check hands them to another worker. The outcome publisher closes last.
   */
  async onModuleDestroy(): Promise<void> {
    await this.closeWorkers();
    await this.outcomes.close();
  }

  private async closeWorkers(): Promise<void> {
    this.logger.info({ timeoutMs: this.config.shutdownTimeoutMs }, 'shutting down: finishing active jobs');
    const finished = await settlesWithin(Promise.all(this.workers.map((worker) => worker.close())), this.config.shutdownTimeoutMs);
    if (finished) return;
    this.logger.warn({ timeoutMs: this.config.shutdownTimeoutMs }, 'active jobs did not finish in time: closing anyway');
    await Promise.all(
      this.workers.map((worker) => closeWithin({ close: () => worker.close(true), disconnect: () => worker.disconnect() }, QUEUE_CLOSE_MS)),
    );
  }
}
