import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import type { ActiveKey, DeliverableMedia } from '@app/db';
import { CacheAnnouncer, CacheInvalidationListener, InvalidatedCache } from '@app/redis';

/** Enough for the keys and images in use at any moment; a miss only costs the database read it saves. */
const CALLER_ENTRIES = 1000;
const DELIVERY_FACTS_ENTRIES = 5000;

/**
 * The gateway's two caches of database rows, kept honest by the invalidation channel (libs/redis): API key
 * hash → key and account (the caller), media id → what delivery serves it from. Only rows that can change
 * by an announced write are kept: a key that exists (revoke, approve, deny and account changes are
 * announced), a media that is ready (patch, delete and expiry are announced; becoming ready is not, so a
 * processing one is never kept). Unknown keys and media are never cached.
 */
@Injectable()
export class GatewayCaches implements OnModuleInit, OnModuleDestroy {
  private readonly listener: CacheInvalidationListener;
  readonly callers: InvalidatedCache<string, ActiveKey>;
  readonly deliveryFacts: InvalidatedCache<string, DeliverableMedia>;

  private readonly enabled: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig, announcer: CacheAnnouncer) {
    const maxAgeMs = config.gatewayCacheMaxAgeMs;
    this.enabled = maxAgeMs > 0;
    this.listener = new CacheInvalidationListener(config.redisUrl, config.queuePrefix, announcer);
    this.callers = this.listener.register(
      new InvalidatedCache<string, ActiveKey>(this.listener, CALLER_ENTRIES, ({ key, account }) => [`key:${key.id}`, `account:${account.id}`], maxAgeMs),
    );
    this.deliveryFacts = this.listener.register(
      new InvalidatedCache<string, DeliverableMedia>(
        this.listener,
        DELIVERY_FACTS_ENTRIES,
        (media) => (media.accountId ? [`media:${media.id}`, `account:${media.accountId}`] : [`media:${media.id}`]),
        maxAgeMs,
      ),
    );
  }

  onModuleInit(): void {
    // Turned off (GATEWAY_CACHE_MAX_AGE_MS=0), nothing is kept and nothing needs to be heard.
    if (this.enabled) this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener.stop();
  }
}
