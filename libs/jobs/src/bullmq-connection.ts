import type { ConnectionOptions } from 'bullmq';
import { createRedisClient, isClusterUrl } from '@app/redis';

/** BullMQ connection; workers require maxRetriesPerRequest: null. The single-server path stays plain options. */
export function redisConnectionOptions(redisUrl: string): ConnectionOptions {
  if (!isClusterUrl(redisUrl)) return { url: redisUrl, maxRetriesPerRequest: null };
  return createRedisClient(redisUrl, { maxRetriesPerRequest: null }) as ConnectionOptions;
}
