import { isAddressAllowed, parseImportUrl } from '@app/fetch';
import { isWebhookEvent, WEBHOOK_EVENTS, WebhookEventType } from '@app/webhooks';
import { FieldErrorCollector, hasNulCharacter, isPlainObject, NUL_MESSAGE } from '../common/validation';

export const EVENTS_MESSAGE = `Must be a non-empty list of: ${WEBHOOK_EVENTS.join(', ')}`;
export const PUBLIC_ADDRESS_MESSAGE = 'Must be a public address';

export interface CreateWebhookInput {
  url: string;
  events: WebhookEventType[];
}

const unbracket = (host: string): string => (host.startsWith('[') ? host.slice(1, -1) : host);

/**
 * The body of `POST /v1/webhooks`: `{url, events?}`. An address written as an IP is judged here already; a
 * host name is judged where it matters, when a worker connects (the import fetcher's rules, every attempt).
 */
export function parseCreateWebhookInput(body: unknown, allowedCidrs: string[], errors: FieldErrorCollector): CreateWebhookInput {
  const input = isPlainObject(body) ? body : {};
  let url = '';
  if (input.url === undefined || input.url === null || input.url === '') errors.add('url', 'URL is required');
  else if (hasNulCharacter(input.url)) errors.add('url', NUL_MESSAGE);
  else {
    const parsed = parseImportUrl(input.url);
    if (!parsed.ok) errors.add('url', parsed.message);
    else if (/^[\d.]+$|^\[/.test(parsed.url.hostname) && !isAddressAllowed(unbracket(parsed.url.hostname), allowedCidrs)) {
      errors.add('url', PUBLIC_ADDRESS_MESSAGE);
    } else url = parsed.url.href;
  }
  let events: WebhookEventType[] = [...WEBHOOK_EVENTS];
  if (input.events !== undefined) {
    if (!Array.isArray(input.events) || input.events.length === 0 || !input.events.every(isWebhookEvent)) errors.add('events', EVENTS_MESSAGE);
    else events = WEBHOOK_EVENTS.filter((event) => (input.events as unknown[]).includes(event));
  }
  return { url, events };
}
