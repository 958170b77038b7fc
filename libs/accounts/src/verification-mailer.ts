import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { MAIL_QUEUE, VERIFICATION_MAIL_JOB, VerificationMailJobData } from '@app/jobs';

/** Longest a request waits to hand the mail to the queue; BullMQ would otherwise wait for Redis forever. */
export const ENQUEUE_TIMEOUT_MS = 2000;

/**
 * Hands a verification mail to the workers (who send it, with retries). Never fails its caller: a mail
 * that cannot be queued is logged, and the caller can ask for another by creating another key.
 */
@Injectable()
export class VerificationMailer {
  constructor(
    @InjectQueue(MAIL_QUEUE) private readonly queue: Queue<VerificationMailJobData>,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(VerificationMailer.name);
  }

  async requestVerification(accountId: string, email: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not queued within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.queue.add(VERIFICATION_MAIL_JOB, { accountId, email }), timeout]);
    } catch (error) {
      this.logger.warn({ accountId, reason: (error as Error).message }, 'verification mail could not be queued');
    } finally {
      clearTimeout(timer);
    }
  }
}
