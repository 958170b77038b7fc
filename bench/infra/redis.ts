import { startRedis as startTestRedis } from '../../test/harness/redis-server';
import { onCleanup, trackChild } from './cleanup';

/** The test harness's private redis-server, registered for the bench's clean-up. */
export async function startRedis(): Promise<{ url: string; pid: number }> {
  const redis = await startTestRedis();
  trackChild(redis.process);
  onCleanup('redis', () => redis.stop());
  return { url: redis.url, pid: redis.process.pid! };
}
