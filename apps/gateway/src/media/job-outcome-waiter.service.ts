import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Job, QueueEvents } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { jobFailureToApiError } from '@app/errors';
import { redisConnectionOptions } from '@app/jobs';
import { MetricsService } from '../metrics/metrics.service';

/** Waits, bounded, for a job's outcome; a failure becomes the documented error the worker encoded. */
@Injectable()
export class JobOutcomeWaiter implements OnModuleDestroy {
  private readonly events = new Map<string, Promise<QueueEvents>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  private eventsFor(queueName: string): Promise<QueueEvents> {
    let events = this.events.get(queueName);
    if (!events) {
      const queueEvents = new QueueEvents(queueName, {
        connection: redisConnectionOptions(this.config.redisUrl),
        prefix: this.config.queuePrefix,
      });
      events = queueEvents.waitUntilReady().then(() => queueEvents);
      this.events.set(queueName, events);
    }
    return events;
  }

  async waitFor<R>(job: Job<unknown, R>, fallback: 'upload_failed' | 'import_failed'): Promise<R> {
    const events = await this.eventsFor(job.queueName);
    const timer = this.metrics.jobDuration.startTimer({ queue: job.queueName });
    try {
      const result: R = await job.waitUntilFinished(events, this.config.jobWaitTimeoutMs);
      timer({ outcome: 'completed' });
      return result;
    } catch (error) {
      const apiError = jobFailureToApiError(error instanceof Error ? error.message : String(error), fallback);
      timer({ outcome: 'failed' });
      this.metrics.jobErrors.inc({ queue: job.queueName, code: apiError.code });
      throw apiError;
    }
  }

  async onModuleDestroy(): Promise<void> {
    const all = await Promise.allSettled(this.events.values());
    await Promise.all(all.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)));
  }
}
