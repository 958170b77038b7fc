import type { Cluster, Redis } from 'ioredis';
import { Job, Worker } from 'bullmq';
import {
  closeWithin,
  encodeAddressedOutcome,
  encodeJobOutcome,
  isGatewayOutcomeChannel,
  jobOutcomeChannel,
  JobOutcomeMessage,
  QUEUE_CLOSE_MS,
} from '@app/jobs';
import { createRedisClient } from '@app/redis';

/**
 * Tells the gateways waiting for a job how it ended, on the inbox of the gateway that queued it when the
 * job names one, else on that job's own channel: once it completed, or once it failed for good (a
 * retried attempt is not an outcome). A publish that cannot be sent is
 * dropped: the waiting gateway's state check finds the outcome within a second (as it does for a job
 * that BullMQ's stalled check fails after its workers died: no worker's 'failed' event announces that).
 */
export class JobOutcomePublisher {
  private readonly client: Redis | Cluster;

  constructor(redisUrl: string, private readonly queuePrefix: string) {
    // No offline queue: while Redis is away a publish fails at once instead of piling up.
    this.client = createRedisClient(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.client.on('error', () => undefined);
  }

  announceOutcomesOf(worker: Worker): void {
    worker.on('completed', (job, result) => this.publish(worker.name, job, { result }));
    worker.on('failed', (job, error) => {
      // BullMQ sets finishedOn only when it moves the job to failed, not when it schedules a retry.
      if (job?.finishedOn) this.publish(worker.name, job, { reason: job.failedReason ?? error.message });
    });
  }

  private publish(queueName: string, job: Job, outcome: JobOutcomeMessage): void {
    if (!job.id) return;
    const inbox: unknown = (job.data as { outcomeChannel?: unknown } | undefined)?.outcomeChannel;
    const [channel, message] = isGatewayOutcomeChannel(this.queuePrefix, inbox)
      ? [inbox, encodeAddressedOutcome({ queue: queueName, jobId: job.id, outcome })]
      : [jobOutcomeChannel(this.queuePrefix, queueName, job.id), encodeJobOutcome(outcome)];
    this.client.publish(channel, message).catch(() => undefined);
  }

  /** After the workers closed (their last outcomes are sent by then). */
  async close(): Promise<void> {
    await closeWithin({ close: async () => void (await this.client.quit()), disconnect: () => this.client.disconnect() }, QUEUE_CLOSE_MS);
  }
}
