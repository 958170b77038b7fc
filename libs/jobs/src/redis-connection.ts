import type { ConnectionOptions } from 'bullmq';

/** BullMQ connection for a redis:// URL; workers require maxRetriesPerRequest: null. */
export function redisConnectionOptions(redisUrl: string): ConnectionOptions {
  return { url: redisUrl, maxRetriesPerRequest: null };
}
