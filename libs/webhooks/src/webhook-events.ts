/** The events an endpoint can subscribe to (SPEC §9); an endpoint created without a list gets them all. */
export const WEBHOOK_EVENTS = ['media.ready', 'media.failed', 'media.deleted'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export const MAX_WEBHOOKS_PER_ACCOUNT = 5;
/** `GET /v1/webhooks/{id}/deliveries` shows this many attempts, and no more are kept. */
export const DELIVERIES_KEPT = 100;

export function isWebhookEvent(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(value);
}
