import type { DefaultJobOptions, JobsOptions } from 'bullmq';

/** Webhook deliveries: one job per outbox event (its id is the event's `webhook-id`), retried on its own schedule. */
export const WEBHOOK_QUEUE = 'webhook';
export const WEBHOOK_JOB = 'deliver';
/** The backoff type of webhook jobs: the delay the failed attempt asked for (WEBHOOK_RETRY_DELAYS_S, counted in the database). */
export const WEBHOOK_BACKOFF = 'webhook-schedule';

export interface WebhookJobData {
  eventId: string;
}

/**
 * The database counts the attempts and decides when an event is given up, so BullMQ's own count only has to
 * outlast it (a job queued again after Redis lost it starts counting from zero). A completed job is kept an
 * hour, so the relay queueing an event just delivered adds nothing; a job that failed for good (stalled twice)
 * goes at once, so the relay can queue its event again.
 */
export const WEBHOOK_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 1000,
  backoff: { type: WEBHOOK_BACKOFF },
  removeOnComplete: { age: 3600 },
  removeOnFail: true,
};

/** Thrown by a delivery attempt that did not deliver and will be tried again after `delayMs`. */
export class RetryWebhookLater extends Error {
  constructor(
    readonly delayMs: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'RetryWebhookLater';
  }
}

/** The worker's backoff strategy for WEBHOOK_BACKOFF. */
export function webhookBackoff(_attemptsMade: number, _type?: string, error?: Error): number {
  return error instanceof RetryWebhookLater ? error.delayMs : 5000;
}

/** An outbox event as `queue.add` takes it: its job id is the event's id, so queueing it twice adds one job. */
export function webhookJob(eventId: string, delayMs: number): { name: string; data: WebhookJobData; opts: JobsOptions } {
  return { name: WEBHOOK_JOB, data: { eventId }, opts: { jobId: eventId, delay: Math.max(0, delayMs) } };
}
