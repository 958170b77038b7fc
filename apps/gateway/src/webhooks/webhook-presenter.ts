import type { WebhookDeliveryRow, WebhookEndpointRow } from '@app/db';

const unixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

export interface WebhookObject {
  id: string;
  url: string;
  events: string[];
  created_at: number;
  disabled_at: number | null;
}

export function presentWebhook(endpoint: WebhookEndpointRow): WebhookObject {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    created_at: unixSeconds(endpoint.createdAt),
    disabled_at: endpoint.disabledAt ? unixSeconds(endpoint.disabledAt) : null,
  };
}

export function presentDelivery(delivery: WebhookDeliveryRow) {
  return {
    id: delivery.messageId,
    event: delivery.type,
    attempt: delivery.attempt,
    status_code: delivery.statusCode,
    error: delivery.error,
    outcome: delivery.outcome,
    at: unixSeconds(delivery.at),
  };
}
