import { createRedisClient } from './redis-connection';

/** True when the Redis (or Redis Cluster) at `url` answers PING within `timeoutMs`; never retries, never throws. */
export async function redisAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = createRedisClient(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs });
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    const answered = (async () => {
      await client.connect();
      return (await client.ping()) === 'PONG';
    })();
    return await Promise.race([answered, new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs + 500)))]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
