import { startRedis, TestRedis } from './redis-server';
import { startTestService, TestService } from './test-service';

export interface PrivateRedisService {
  service: TestService;
  /** The suite's own redis-server, which it may stop or kill (the one restartRedis() started, after it). */
  readonly redis: TestRedis;
  /** Starts the private redis-server again on its port, empty (as a restart without persistence leaves it). */
  restartRedis(): Promise<void>;
  stop(): Promise<void>;
}

export interface PrivateRedisOptions {
  /** Only the rate limiter (RATE_LIMIT_REDIS_URL) uses the private Redis; queues stay on the run's. */
  rateLimitsOnly?: boolean;
}

/**
 * A test service (one worker, storage in a folder) on a redis-server of its own, so a suite can stop or
 * restart Redis without touching the run's Redis that other suites share.
 */
export async function startServiceOnPrivateRedis(env: Record<string, string>, options: PrivateRedisOptions = {}): Promise<PrivateRedisService> {
  let redis = await startRedis();
  const redisEnv: Record<string, string> = options.rateLimitsOnly ? { RATE_LIMIT_REDIS_URL: redis.url } : { REDIS_URL: redis.url, RATE_LIMIT_REDIS_URL: redis.url };
  const service = await startTestService({ workers: 1, storage: 'fs', env: { ...redisEnv, ...env } }).catch(async (error) => {
    await redis.stop();
    throw error;
  });
  return {
    service,
    get redis() {
      return redis;
    },
    restartRedis: async () => {
      redis = await startRedis(redis.port);
    },
    stop: async () => {
      await service.stop();
      await redis.stop();
    },
  };
}
