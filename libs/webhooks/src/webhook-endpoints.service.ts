import { Injectable } from '@nestjs/common';
import { WebhookDeliveryRow, WebhookEndpointRow, WebhookEndpointsRepository } from '@app/db';
import { DELIVERIES_KEPT, MAX_WEBHOOKS_PER_ACCOUNT, WebhookEventType } from './webhook-events';
import { newWebhookId, newWebhookSecret } from './webhook-secret';
import { SecretBox } from './secret-box';

export interface NewEndpointRequest {
  url: string;
  events: WebhookEventType[];
}

/** The created endpoint and its secret, which is shown this once. */
export type CreatedEndpoint = { endpoint: WebhookEndpointRow; secret: string } | { limitReached: true };

/** An account's webhook endpoints: create (secret sealed at rest), list, delete, and their delivery log. */
@Injectable()
export class WebhookEndpoints {
  constructor(
    private readonly box: SecretBox,
    private readonly endpoints: WebhookEndpointsRepository,
  ) {}

  async create(accountId: string, request: NewEndpointRequest): Promise<CreatedEndpoint> {
    const secret = newWebhookSecret();
    const endpoint = await this.endpoints.insertWithinLimit(
      { id: newWebhookId(), accountId, url: request.url, events: request.events, sealedSecret: this.box.seal(secret) },
      MAX_WEBHOOKS_PER_ACCOUNT,
    );
    return endpoint ? { endpoint, secret } : { limitReached: true };
  }

  list(accountId: string): Promise<WebhookEndpointRow[]> {
    return this.endpoints.listOf(accountId);
  }

  delete(accountId: string, id: string): Promise<boolean> {
    return this.endpoints.deleteOwn(accountId, id);
  }

  /** The endpoint's last attempts, newest first; null when the account has no endpoint by that id. */
  async deliveries(accountId: string, id: string): Promise<WebhookDeliveryRow[] | null> {
    const endpoint = await this.endpoints.findById(id);
    if (!endpoint || endpoint.accountId !== accountId) return null;
    return this.endpoints.deliveriesOf(id, DELIVERIES_KEPT);
  }
}
