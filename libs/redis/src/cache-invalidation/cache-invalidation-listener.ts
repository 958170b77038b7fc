import type { Cluster, Redis } from 'ioredis';
import { createRedisClient } from '../redis-connection';
import { CacheAnnouncer, quitWithin } from './cache-announcer';
import { cacheInvalidationChannel, decodeCacheMessage, HEARTBEAT } from './cache-change';
import type { CacheTrust, InvalidatedCache } from './invalidated-cache';

export const HEARTBEAT_INTERVAL_MS = 1000;
/** A gateway that heard no heartbeat for this long may be missing announcements: it reads the database. */
export const HEARTBEAT_SILENCE_MS = 2000;

/**
 * A gateway's ear on the invalidation channel: drops the tagged entries of its caches on every announcement,
 * and sends a heartbeat every second. Caches are trusted only while a heartbeat (its own or another
 * gateway's) was heard within 2 s on the current subscription: a black-holed subscriber, or a publisher that
 * cannot reach Redis, turns caching off within 2 s; a dropped connection turns it off at once and empties the
 * caches, and it comes back only with the first heartbeat heard after subscribing again.
 */
export class CacheInvalidationListener implements CacheTrust {
  private readonly subscriber: Redis | Cluster;
  private readonly caches = new Set<InvalidatedCache<unknown, unknown>>();
  private lastHeardAt = Number.NEGATIVE_INFINITY;
  private drops = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private started = false;
  private readonly channel: string;

  constructor(
    redisUrl: string,
    queuePrefix: string,
    private readonly announcer: CacheAnnouncer,
    private readonly now: () => number = Date.now,
  ) {
    this.channel = cacheInvalidationChannel(queuePrefix);
    // ioredis subscribes again to its channels each time the connection comes back.
    this.subscriber = createRedisClient(redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('close', () => this.distrust());
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.heard(message);
    });
    announcer.onLocalAnnouncement((tag) => this.drop(tag));
  }

  start(): void {
    this.started = true;
    this.subscriber.subscribe(this.channel).catch(() => undefined);
    this.heartbeat = setInterval(() => void this.announcer.send(HEARTBEAT), HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
    void this.announcer.send(HEARTBEAT);
  }

  register<K, V>(cache: InvalidatedCache<K, V>): InvalidatedCache<K, V> {
    this.caches.add(cache as InvalidatedCache<unknown, unknown>);
    return cache;
  }

  trusted(): boolean {
    return this.now() - this.lastHeardAt <= HEARTBEAT_SILENCE_MS;
  }

  generation(): number {
    return this.drops;
  }

  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    this.distrust();
    if (this.started) await quitWithin(this.subscriber, 1000);
    else this.subscriber.disconnect();
  }

  private heard(message: string): void {
    const decoded = decodeCacheMessage(message);
    if (decoded === HEARTBEAT) {
      this.lastHeardAt = this.now();
      return;
    }
    if (decoded !== undefined) this.drop(decoded);
  }

  private drop(tag: string): void {
    this.drops++;
    for (const cache of this.caches) cache.dropTagged(tag);
  }

  private distrust(): void {
    this.lastHeardAt = Number.NEGATIVE_INFINITY;
    this.drops++;
    for (const cache of this.caches) cache.clear();
  }
}
