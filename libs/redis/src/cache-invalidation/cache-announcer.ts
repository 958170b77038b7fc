import type { Cluster, Redis } from 'ioredis';
import { closeWithin, settlesWithin } from '../close-within';
import { createRedisClient } from '../redis-connection';
import { CacheChange, cacheInvalidationChannel, cacheTagOf } from './cache-change';

/** How long a write waits for its announcement to leave; past it the write goes on (entries expire in 5 s anyway). */
const ANNOUNCE_WAIT_MS = 1000;

/**
 * Tells every gateway that a committed write changed what it may have cached. Called by the shared services
 * (keys, accounts, media lifecycle) after the transaction commits, whichever process runs them (gateway,
 * worker sweep, admin CLI). Never throws and never waits long: an announcement that cannot be sent is
 * bounded staleness (a gateway keeps an entry at most 5 s), not a failed write.
 */
export abstract class CacheAnnouncer {
  private readonly localListeners: Array<(tag: string) => void> = [];

  /**
   * This process's own caches hear its announcements at once, before they leave: the next request it
   * serves already misses the entry, without waiting for the message's round trip through Redis.
   */
  onLocalAnnouncement(listener: (tag: string) => void): void {
    this.localListeners.push(listener);
  }

  async announce(...changes: CacheChange[]): Promise<void> {
    const tags = changes.map(cacheTagOf);
    for (const tag of tags) for (const listener of this.localListeners) listener(tag);
    await Promise.all(tags.map((tag) => this.send(tag)));
  }

  /** Sends a raw message (the gateways' heartbeat). */
  abstract send(message: string): Promise<boolean>;
  abstract close(): Promise<void>;
}

export class RedisCacheAnnouncer extends CacheAnnouncer {
  private client: Redis | Cluster | undefined;
  private closed = false;
  private readonly channel: string;

  constructor(
    private readonly redisUrl: string,
    queuePrefix: string,
  ) {
    super();
    this.channel = cacheInvalidationChannel(queuePrefix);
  }

  async send(message: string): Promise<boolean> {
    if (this.closed) return false;
    const sent = this.connection().publish(this.channel, message);
    return (await settlesWithin(sent, ANNOUNCE_WAIT_MS)) && (await sent.then(() => true, () => false));
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    if (client) await quitWithin(client, ANNOUNCE_WAIT_MS);
  }

  /** Opened on the first announcement, so a process that never writes (or a CLI run while Redis is away) pays nothing. */
  private connection(): Redis | Cluster {
    if (!this.client) {
      // One try per command: while Redis is away an announcement fails at once instead of queueing.
      this.client = createRedisClient(this.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: ANNOUNCE_WAIT_MS });
      this.client.on('error', () => undefined);
    }
    return this.client;
  }
}

/** QUIT (sending what is queued), or a hard disconnect past `ms`. */
export async function quitWithin(client: Redis | Cluster, ms: number): Promise<void> {
  await closeWithin({ close: async () => void (await client.quit()), disconnect: () => client.disconnect() }, ms);
}
