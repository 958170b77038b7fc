import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { MAINTENANCE_QUEUE, settlesWithin, SWEEP_JOB, SWEEP_SCHEDULER_ID } from '@app/jobs';

/** Longest a renewal may wait for Redis; one that does not land is simply tried again next time. */
const RENEWAL_TIMEOUT_MS = 5000;

/**
 * The sweep's schedule. Every worker upserts the same scheduler id, so there is one schedule however
 * many run; each renews it every SWEEP_INTERVAL_MS, because a Redis that restarted without its data
 * lost the schedule too, and the sweep is what queues again the jobs it lost.
 */
@Injectable()
export class SweepSchedule implements OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private renewing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue,
  ) {}

  /** Schedules the sweep (throws when Redis cannot be reached), then keeps it scheduled. */
  async start(): Promise<void> {
    await this.upsert();
    this.timer = setInterval(() => void this.renew(), this.config.sweepIntervalMs);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async renew(): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    await settlesWithin(this.upsert(), RENEWAL_TIMEOUT_MS);
    this.renewing = false;
  }

  private upsert(): Promise<unknown> {
    return this.queue.upsertJobScheduler(SWEEP_SCHEDULER_ID, { every: this.config.sweepIntervalMs }, {
      name: SWEEP_JOB,
      opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    });
  }
}
