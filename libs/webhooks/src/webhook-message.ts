import { Webhook } from 'standardwebhooks';
import type { AppConfig } from '@app/config';
import type { PendingEvent } from '@app/db';
import { presentMedia } from '@app/media';

const unixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** The JSON body of an event (SPEC §9): `{type, timestamp, data}`, data `{media}` or, for media.failed, `{id, error}`. */
export function eventBody(event: PendingEvent, config: Pick<AppConfig, 'srcBaseUrl' | 'webBaseUrl'>): Buffer {
  const data = event.type === 'media.failed' ? { id: event.mediaId, error: event.failure } : { media: presentMedia(event.media!, config) };
  return Buffer.from(JSON.stringify({ type: event.type, timestamp: unixSeconds(event.createdAt), data }));
}

/**
 * The Standard Webhooks headers of one attempt, signed by the reference library: the id is the event's on
 * every attempt, the timestamp the attempt's own (receivers refuse old ones).
 */
export function signedHeaders(eventId: string, secret: string, body: Buffer, now: Date): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'webhook-id': eventId,
    'webhook-timestamp': String(unixSeconds(now)),
    'webhook-signature': new Webhook(secret).sign(eventId, now, body.toString('utf8')),
  };
}
