import { Global, Module } from '@nestjs/common';
import { WEBHOOK_EVENTS_WRITTEN } from '@app/media';
import { WebhookRelay } from './webhook-relay';

/**
 * The relay, for processes that have the queues (gateway and worker). Global, so the media lifecycle (which
 * knows nothing of queues) is handed it as its WEBHOOK_EVENTS_WRITTEN listener.
 */
@Global()
@Module({
  providers: [WebhookRelay, { provide: WEBHOOK_EVENTS_WRITTEN, useExisting: WebhookRelay }],
  exports: [WebhookRelay, WEBHOOK_EVENTS_WRITTEN],
})
export class WebhookRelayModule {}
