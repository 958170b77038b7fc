import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { promises as fs } from 'fs';
import * as path from 'path';
import { createTransport } from 'nodemailer';
import type { MailContent } from '@app/accounts';
import { APP_CONFIG, AppConfig } from '@app/config';

export interface OutgoingMail extends MailContent {
  to: string;
}

export type Delivery = { via: 'smtp'; messageId: string } | { via: 'outbox'; file: string };

// A mail server that does not answer must fail the attempt (and let the retry come), not hold the job.
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

/**
 * Sends mail through SMTP_URL, or, without one, writes it as an .eml file to DATA_DIR/outbox so a
 * local user can open it. The only place that talks to nodemailer.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly smtp;
  private readonly rendering = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  readonly outboxDir: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.smtp = config.smtpUrl ? createTransport({ ...SMTP_TIMEOUTS, url: config.smtpUrl }) : undefined;
    this.outboxDir = path.join(config.dataDir, 'outbox');
  }

  /** `outboxName` names the file when there is no SMTP server (unique per mail, without extension). */
  async send(mail: OutgoingMail, outboxName: string): Promise<Delivery> {
    const message = { from: this.config.mailFrom, ...mail };
    if (this.smtp) {
      const info = await this.smtp.sendMail(message);
      return { via: 'smtp', messageId: info.messageId };
    }
    const { message: eml } = await this.rendering.sendMail(message);
    const file = path.join(this.outboxDir, `${outboxName}.eml`);
    await fs.mkdir(this.outboxDir, { recursive: true });
    // Written aside and renamed, so whoever watches the folder never opens half a mail.
    const partial = `${file}.partial`;
    await fs.writeFile(partial, eml as Buffer);
    await fs.rename(partial, file);
    return { via: 'outbox', file };
  }

  onApplicationShutdown(): void {
    this.smtp?.close();
  }
}
