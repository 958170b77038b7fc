import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AttemptRecord, PendingEvent, WebhookOutboxRepository } from '@app/db';
import { FetchError, postOnce } from '@app/fetch';
import { RetryWebhookLater } from '@app/jobs';
import { SealedSecretUnreadable, SecretBox } from './secret-box';
import { DELIVERIES_KEPT } from './webhook-events';
import { eventBody, signedHeaders } from './webhook-message';

/** A receiver's answer is read this far and no further. */
export const MAX_ANSWER_BYTES = 64 * 1024;
const USER_AGENT = 'imgpro-webhooks/1.0';

type Attempt = Pick<AttemptRecord, 'statusCode' | 'error' | 'outcome'>;

/**
 * One delivery attempt of an outbox event (a `webhook` job): POST it signed, under the importer's address
 * rules, no redirect followed, within WEBHOOK_TIMEOUT_MS; then record the attempt and either finish the event
 * (2xx delivered, 410 disables the endpoint, the last retry gives it up) or throw RetryWebhookLater with the
 * next delay of WEBHOOK_RETRY_DELAYS_S. The database counts the attempts, so a job queued again keeps the count.
 */
@Injectable()
export class WebhookDelivery {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: WebhookOutboxRepository,
    private readonly box: SecretBox,
  ) {}

  async deliver(eventId: string): Promise<void> {
    const event = await this.outbox.find(eventId);
    if (!event) return; // delivered, given up, or its endpoint deleted
    const attempt = event.attempts + 1;
    const result: Attempt = event.disabled
      ? { statusCode: null, error: 'Endpoint disabled (it answered 410 Gone)', outcome: 'disabled' }
      : await this.send(event, attempt);
    const delays = this.config.webhooks.retryDelaysS;
    const delayMs = result.outcome === 'retrying' ? delays[attempt - 1] * 1000 : 0;
    await this.outbox.record(
      { ...result, eventId: event.id, endpointId: event.endpointId, type: event.type, attempt, next: result.outcome === 'retrying' ? new Date(Date.now() + delayMs) : null },
      DELIVERIES_KEPT,
      result.outcome === 'disabled' && !event.disabled,
    );
    if (result.outcome === 'retrying') throw new RetryWebhookLater(delayMs, result.error ?? 'not delivered');
  }

  private async send(event: PendingEvent, attempt: number): Promise<Attempt> {
    const last = attempt > this.config.webhooks.retryDelaysS.length;
    const undelivered = (statusCode: number | null, error: string): Attempt => ({ statusCode, error, outcome: last ? 'failed' : 'retrying' });
    const body = eventBody(event, this.config);
    let status: number;
    try {
      const headers = signedHeaders(event.id, this.box.open(event.sealedSecret), body, new Date());
      ({ status } = await postOnce(event.url, body, headers, {
        timeoutMs: this.config.webhooks.timeoutMs,
        maxResponseBytes: MAX_ANSWER_BYTES,
        allowedCidrs: this.config.importAllowedCidrs,
        userAgent: USER_AGENT,
      }));
    } catch (error) {
      return undelivered(null, this.reason(error));
    }
    if (status >= 200 && status <= 299) return { statusCode: status, error: null, outcome: 'delivered' };
    if (status === 410) return { statusCode: status, error: 'Receiver answered 410 Gone: endpoint disabled', outcome: 'disabled' };
    if (status >= 300 && status <= 399) return undelivered(status, `Receiver answered ${status}; redirects are not followed`);
    return undelivered(status, `Receiver answered ${status}`);
  }

  private reason(error: unknown): string {
    // The operator changed SIGNING_SECRET without WEBHOOK_SECRET_PREVIOUS: retried, so setting it in time saves the event.
    if (error instanceof SealedSecretUnreadable) return 'The service cannot read this endpoint’s secret at the moment';
    if (!(error instanceof FetchError)) return `Delivery failed: ${(error as Error).message ?? 'unknown error'}`;
    if (error.kind === 'timeout') return `No answer within ${this.config.webhooks.timeoutMs / 1000} s`;
    return error.message;
  }
}
