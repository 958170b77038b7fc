/**
 * Told after a commit that wrote webhook events (libs/webhooks' relay provides it where a queue exists), so
 * they are queued at once instead of at the relay's next round. Optional: without it the round still comes.
 */
export const WEBHOOK_EVENTS_WRITTEN = Symbol('WEBHOOK_EVENTS_WRITTEN');

export interface WebhookEventsWritten {
  wake(): void;
}
