import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { AccountsRepository, MailKind } from '@app/db';
import { KEY_APPROVAL_MAIL_JOB, MAIL_QUEUE, MailJobData, SIGN_IN_MAIL_JOB, SignInMailJobData, VERIFICATION_MAIL_JOB } from '@app/jobs';

/** Longest a request waits to hand the mail to the queue; BullMQ would otherwise wait for Redis forever. */
export const ENQUEUE_TIMEOUT_MS = 2000;
/** An account gets at most one mail of each kind per this interval, however often it is asked for. */
export const MAIL_INTERVAL_SECONDS = 600;

const JOB_OF: Record<MailKind, string> = { verification: VERIFICATION_MAIL_JOB, approval: KEY_APPROVAL_MAIL_JOB };

/**
 * Hands an account's mails to the workers (who sign the links and send, with retries): the verification
 * mail and the owner's "a key waits for your approval" mail. Each kind goes out at most once per
 * MAIL_INTERVAL_SECONDS per account, so nobody can flood a mailbox through the API. Never fails its
 * caller: a mail that cannot be queued is logged.
 */
@Injectable()
export class AccountMailer {
  constructor(
    @InjectQueue(MAIL_QUEUE) private readonly queue: Queue<MailJobData | SignInMailJobData>,
    private readonly accounts: AccountsRepository,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(AccountMailer.name);
  }

  /** True when a mail was queued now, false when one went out within the interval (or queueing failed). */
  async send(kind: MailKind, account: { id: string; email: string }): Promise<boolean> {
    try {
      if (!(await this.accounts.claimMail(account.id, kind, MAIL_INTERVAL_SECONDS))) return false;
    } catch (error) {
      this.logger.warn({ accountId: account.id, kind, reason: (error as Error).message }, 'mail not sent: its turn could not be taken');
      return false;
    }
    return this.enqueue(kind, account);
  }

  /**
   * Queues the dashboard's sign-in mail to an address, account or not: nothing is looked up, so the answer
   * (and its time) says nothing about the address. How often is the sign-in route's rate limit's concern.
   */
  async sendSignIn(email: string): Promise<boolean> {
    return this.add(SIGN_IN_MAIL_JOB, { email }, { mail: SIGN_IN_MAIL_JOB });
  }

  private enqueue(kind: MailKind, account: { id: string; email: string }): Promise<boolean> {
    return this.add(JOB_OF[kind], { accountId: account.id, email: account.email }, { accountId: account.id, kind });
  }

  private async add(name: string, data: MailJobData | SignInMailJobData, logContext: Record<string, unknown>): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not queued within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.queue.add(name, data), timeout]);
      return true;
    } catch (error) {
      this.logger.warn({ ...logContext, reason: (error as Error).message }, 'mail could not be queued');
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
