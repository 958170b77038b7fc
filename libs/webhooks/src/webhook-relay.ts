import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@app/config';
import { WebhookOutboxRepository } from '@app/db';
import { settlesWithin, WEBHOOK_QUEUE, webhookJob } from '@app/jobs';
import type { WebhookEventsWritten } from '@app/media';

const PAGE = 500;
/** A round Redis does not answer within this is given up (the next one tries again): a relay never hangs. */
const ROUND_TIMEOUT_MS = 10_000;
/** Commits arriving together are relayed in one round. */
const WAKE_DELAY_MS = 20;

/**
 * Moves outbox events to the `webhook` queue: every WEBHOOK_RELAY_INTERVAL_MS in each worker, and right after a
 * commit that wrote events (in whichever process made it). Each event due before the next round is queued
 * under its own id, so an event that has its job already (waiting, retrying, running or just completed) gains
 * nothing, and one whose job Redis lost is queued again: events leave the outbox only once delivered or given up.
 */
@Injectable()
export class WebhookRelay implements WebhookEventsWritten, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private wakeTimer?: NodeJS.Timeout;
  private running = false;
  private again = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: WebhookOutboxRepository,
    private readonly moduleRef: ModuleRef,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('WebhookRelay');
  }

  /** The worker's periodic rounds. */
  start(): void {
    this.timer ??= setInterval(() => void this.run(), this.config.webhooks.relayIntervalMs).unref();
    this.wake();
  }

  wake(): void {
    this.wakeTimer ??= setTimeout(() => {
      this.wakeTimer = undefined;
      void this.run();
    }, WAKE_DELAY_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    clearTimeout(this.wakeTimer);
  }

  /** One round (another asked for meanwhile follows it at once). */
  async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        const round = this.relayDue().catch((error: unknown) => this.logger.warn({ reason: (error as Error).message }, 'webhook relay round failed; the next one tries again'));
        if (!(await settlesWithin(round, ROUND_TIMEOUT_MS))) this.logger.warn('webhook relay round did not finish in time; the next one tries again');
      } while (this.again);
    } finally {
      this.running = false;
    }
  }

  private async relayDue(): Promise<void> {
    const queue = this.moduleRef.get<Queue>(getQueueToken(WEBHOOK_QUEUE), { strict: false });
    const horizon = new Date(Date.now() + this.config.webhooks.relayIntervalMs);
    for (let after = ''; ; ) {
      const due = await this.outbox.dueBefore(horizon, after, PAGE);
      const now = Date.now();
      if (due.length) await queue.addBulk(due.map((event) => webhookJob(event.id, event.nextAttemptAt.getTime() - now)));
      if (due.length < PAGE) return;
      after = due[due.length - 1].id;
    }
  }
}
