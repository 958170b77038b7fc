/**
 * What a write changed, as the tag a cached entry carries: `key:<id>`, `account:<id>`, `media:<id>`. A
 * gateway drops every entry tagged with an announced change; `heartbeat` only proves the channel works.
 */
export type CacheChange = { key: string } | { account: string } | { media: string };

export const HEARTBEAT = 'heartbeat';

const TAG_PATTERN = /^(key|account|media):[^\s]{1,200}$/;

export function cacheTagOf(change: CacheChange): string {
  if ('key' in change) return `key:${change.key}`;
  if ('account' in change) return `account:${change.account}`;
  return `media:${change.media}`;
}

/** A message heard on the channel: the heartbeat, a tag, or undefined for anything else (never throws). */
export function decodeCacheMessage(message: string): typeof HEARTBEAT | string | undefined {
  if (message === HEARTBEAT || TAG_PATTERN.test(message)) return message;
  return undefined;
}

/** One channel per deployment, under the (hash-tagged on a Cluster) queue prefix like every other Redis name. */
export function cacheInvalidationChannel(queuePrefix: string): string {
  return `${queuePrefix}:cache-invalidation`;
}
