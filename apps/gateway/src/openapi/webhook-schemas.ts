import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_URL_LENGTH } from '@app/fetch';
import { DELIVERIES_KEPT, MAX_WEBHOOKS_PER_ACCOUNT, WEBHOOK_EVENTS } from '@app/webhooks';

/** http or https (any case), no NUL: what create-webhook-input.ts accepts, short of the address rules. */
const HTTP_URL_PATTERN = '^[hH][tT][tT][pP][sS]?://[^\\u0000]*$';

export class CreateWebhookBodySchema {
  @ApiProperty({
    format: 'uri',
    maxLength: MAX_URL_LENGTH,
    pattern: HTTP_URL_PATTERN,
    description: `http(s) URL of a public address (checked when a worker connects, redirects never followed); at most ${MAX_WEBHOOKS_PER_ACCOUNT} per account`,
  })
  url: string;
  @ApiPropertyOptional({ type: [String], enum: WEBHOOK_EVENTS, minItems: 1, default: WEBHOOK_EVENTS, description: 'Events to receive (default all)' })
  events?: string[];
}

export class WebhookSchema {
  @ApiProperty({ example: 'wh_0123456789abcdef' }) id: string;
  @ApiProperty({ format: 'uri' }) url: string;
  @ApiProperty({ type: [String], enum: WEBHOOK_EVENTS }) events: string[];
  @ApiProperty({ type: 'integer', description: 'Unix seconds' }) created_at: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Unix seconds: when a 410 Gone from the receiver stopped deliveries; null while enabled' })
  disabled_at: number | null;
}

export class CreatedWebhookSchema {
  @ApiProperty({ example: 'wh_0123456789abcdef' }) id: string;
  @ApiProperty({ format: 'uri' }) url: string;
  @ApiProperty({ type: [String], enum: WEBHOOK_EVENTS }) events: string[];
  @ApiProperty({ description: 'Shown once: `whsec_` and the base64 of the 32-byte HMAC key (Standard Webhooks)', example: 'whsec_…' }) secret: string;
  @ApiProperty({ type: 'integer', description: 'Unix seconds' }) created_at: number;
}

export class WebhookListSchema {
  @ApiProperty({ type: [WebhookSchema] }) data: WebhookSchema[];
}

export class DeletedWebhookSchema {
  @ApiProperty({ enum: [true] }) success: boolean;
  @ApiProperty() id: string;
}

export class WebhookDeliverySchema {
  @ApiProperty({ description: 'The event’s `webhook-id` (the same on every attempt)', example: 'msg_…' }) id: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS }) event: string;
  @ApiProperty({ type: 'integer', description: '1 for the first attempt' }) attempt: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The receiver’s HTTP status; null when none came (timeout, refused address, network)' })
  status_code: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'Why the attempt did not deliver; null when it did' }) error: string | null;
  @ApiProperty({
    enum: ['delivered', 'retrying', 'failed', 'disabled'],
    description: 'delivered (2xx); retrying (another attempt follows); failed (the last retry: the event is given up); disabled (410 Gone, or the endpoint was disabled)',
  })
  outcome: string;
  @ApiProperty({ type: 'integer', description: 'Unix seconds' }) at: number;
}

export class WebhookDeliveryListSchema {
  @ApiProperty({ type: [WebhookDeliverySchema], description: `The last ${DELIVERIES_KEPT} attempts, newest first` }) data: WebhookDeliverySchema[];
}
