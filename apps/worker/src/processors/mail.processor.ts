import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { verificationMail, verifyLink } from '@app/accounts';
import { APP_CONFIG, AppConfig } from '@app/config';
import type { VerificationMailJobData } from '@app/jobs';
import { Delivery, MailTransport } from '../mail/mail-transport';

/** Sends the verification mail of a new key; a failure is retried with backoff (MAIL_JOB_OPTIONS). */
@Injectable()
export class MailProcessor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transport: MailTransport,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('MailProcessor');
  }

  async process(job: Job<VerificationMailJobData>): Promise<Delivery> {
    const { accountId, email } = job.data;
    const link = verifyLink(this.config, accountId);
    const delivery = await this.transport.send({ to: email, ...verificationMail(link) }, `${Date.now()}-${accountId}`);
    if (delivery.via === 'outbox') {
      // No mail server: the log is how a local user finds the link.
      this.logger.info({ accountId, file: delivery.file, link }, 'verification mail written to the outbox; open the link to verify');
    }
    return delivery;
  }
}
