import { randomUUID } from 'crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { approveKeyLink, keyApprovalMail, MailContent, signInLink, signInMail, verificationMail, verifyLink } from '@app/accounts';
import { APP_CONFIG, AppConfig } from '@app/config';
import { KeysRepository } from '@app/db';
import { KEY_APPROVAL_MAIL_JOB, MailJobData, SIGN_IN_MAIL_JOB, SignInMailJobData } from '@app/jobs';
import { Delivery, MailTransport } from '../mail/mail-transport';

/**
 * Sends an account's mails, signing their links at sending time: the verification mail, and the owner's
 * list of keys waiting for approval. A failure is retried with backoff (MAIL_JOB_OPTIONS).
 */
@Injectable()
export class MailProcessor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transport: MailTransport,
    private readonly keys: KeysRepository,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('MailProcessor');
  }

  async process(job: Job<MailJobData | SignInMailJobData>): Promise<Delivery | { skipped: string }> {
    if (job.name === SIGN_IN_MAIL_JOB) return this.sendSignIn(job.data.email);
    const { accountId, email } = job.data as MailJobData;
    const approval = job.name === KEY_APPROVAL_MAIL_JOB;
    const mail = approval ? await this.approvalMail(accountId, email) : this.verificationMail(accountId);
    // Every request was answered (approved, denied or expired) before the mail went out: nothing to ask.
    if (!mail) return { skipped: 'no key waits for approval' };
    const delivery = await this.transport.send({ to: email, ...mail.content }, approval ? `${Date.now()}-approval-${accountId}` : `${Date.now()}-${accountId}`);
    if (delivery.via === 'outbox') {
      // No mail server: the log is how a local user finds the links.
      this.logger.info({ accountId, file: delivery.file, links: mail.links }, `${job.name} written to the outbox; open its link`);
    }
    return delivery;
  }

  /** Signed when sent: the 15 minutes of the link start when it goes out, not when it was asked for. */
  private async sendSignIn(email: string): Promise<Delivery> {
    const link = signInLink(this.config, email);
    const delivery = await this.transport.send({ to: email, ...signInMail(link) }, `${Date.now()}-sign-in-${randomUUID()}`);
    if (delivery.via === 'outbox') this.logger.info({ file: delivery.file, links: [link] }, `${SIGN_IN_MAIL_JOB} written to the outbox; open its link`);
    return delivery;
  }

  private verificationMail(accountId: string): { content: MailContent; links: string[] } {
    const link = verifyLink(this.config, accountId);
    return { content: verificationMail(link), links: [link] };
  }

  private async approvalMail(accountId: string, email: string): Promise<{ content: MailContent; links: string[] } | undefined> {
    const waiting = (await this.keys.listForAccount(accountId)).filter((key) => key.status === 'pending' && !key.revokedAt);
    if (!waiting.length) return undefined;
    const keys = waiting.map((key) => ({
      name: key.name,
      keyId: key.id,
      requestedAt: key.createdAt,
      requestedIp: key.requestedIp,
      link: approveKeyLink(this.config, key.id),
    }));
    return { content: keyApprovalMail(email, keys), links: keys.map((key) => key.link) };
  }
}
