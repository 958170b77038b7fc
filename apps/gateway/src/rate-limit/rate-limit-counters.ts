import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig } from '@app/config';
import { createRedisClient } from '@app/redis';
import type { LimitResult } from './rate-limit-decision';
import { FAIL_CLOSED, LimitCheck, LimitId, limitSettings } from './rate-limit-rules';
import { outageWarning } from '@app/logging';

/** A Redis that does not answer within this fails the check, rather than hanging the request. */
const COMMAND_TIMEOUT_MS = 1000;

/**
 * The counters in Redis (fixed windows, one key per counter and subject), shared by every gateway that
 * uses the same Redis and queue prefix. Its own client: commands fail at once while Redis is away
 * instead of queueing behind a reconnect. Key creation never fails open: while Redis is away its counters
 * fall back to this process's memory with the same limits (so each gateway allows at most the limit).
 */
@Injectable()
export class RateLimitCounters implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  private readonly client: Redis | Cluster;
  private readonly limiters: Record<LimitId, RateLimiterRedis>;
  readonly unavailable = outageWarning(
    (fields, message) => this.logger.warn(fields, message),
    'rate limit Redis unavailable: requests pass without rate limits',
  );

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = createRedisClient(config.rateLimits.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: 2000,
    });
    this.client.on('error', (error) => this.unavailable.report(error));
    const settings = limitSettings(config.rateLimits);
    const limiter = (id: LimitId, failClosed = false) =>
      new RateLimiterRedis({
        storeClient: this.client,
        rejectIfRedisNotReady: true,
        keyPrefix: `${config.queuePrefix}:rate-limit:${id}`,
        points: settings[id].points,
        duration: settings[id].windowS,
        insuranceLimiter: failClosed ? new RateLimiterMemory({ keyPrefix: id, points: settings[id].points, duration: settings[id].windowS }) : undefined,
      });
    const ids = Object.keys(settings) as LimitId[];
    this.limiters = Object.fromEntries(ids.map((id) => [id, limiter(id, FAIL_CLOSED.includes(id))])) as Record<LimitId, RateLimiterRedis>;
  }

  /** A Redis that is down at start-up does not stop the gateway: the client keeps reconnecting. */
  async onModuleInit(): Promise<void> {
    await this.client.connect().catch((error) => this.unavailable.report(error));
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }

  /** Counts this request against every check; throws when Redis cannot be asked for a counter without a fallback. */
  consume(checks: LimitCheck[]): Promise<LimitResult[]> {
    return Promise.all(checks.map((check) => this.consumeOne(check)));
  }

  private async consumeOne(check: LimitCheck): Promise<LimitResult> {
    const limiter = this.limiters[check.id];
    const result = await limiter.consume(check.key).catch((refusal: unknown) => {
      // Over the limit arrives as a rejection carrying the counter; anything else is Redis failing.
      if (refusal instanceof RateLimiterRes) return refusal;
      throw refusal;
    });
    return { id: check.id, points: limiter.points, consumed: result.consumedPoints, msBeforeReset: result.msBeforeNext };
  }
}
