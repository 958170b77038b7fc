import type { Cluster, Redis } from 'ioredis';
import { closeWithin, decodeJobOutcome, JobOutcomeMessage, QUEUE_CLOSE_MS } from '@app/jobs';
import { createRedisClient } from '@app/redis';

interface Channel {
  listeners: Set<(outcome: JobOutcomeMessage) => void>;
  subscribed: Promise<void>;
}

export interface OutcomeListener {
  /** Settles once Redis confirmed the subscription (or refused it): an outcome sent from then on is heard. */
  subscribed: Promise<void>;
  stop(): void;
}

/**
 * The gateway's one subscriber connection to the per-job outcome channels: a channel is subscribed while
 * at least one request of this gateway waits on its job, and unsubscribed after the last one. ioredis
 * subscribes again to the channels still wanted when the connection comes back.
 */
export class JobOutcomeSubscriptions {
  private readonly client: Redis | Cluster;
  private readonly channels = new Map<string, Channel>();

  constructor(redisUrl: string) {
    this.client = createRedisClient(redisUrl, { maxRetriesPerRequest: null });
    // Connection trouble is reported by /health/ready; the state checks carry the waits meanwhile.
    this.client.on('error', () => undefined);
    this.client.on('message', (channel: string, message: string) => {
      const outcome = decodeJobOutcome(message);
      if (outcome) for (const listener of [...(this.channels.get(channel)?.listeners ?? [])]) listener(outcome);
    });
  }

  listen(channel: string, onOutcome: (outcome: JobOutcomeMessage) => void): OutcomeListener {
    let entry = this.channels.get(channel);
    if (!entry) {
      // Commands on one connection run in order, so a later unsubscribe never overtakes this subscribe.
      const subscribed = this.client.subscribe(channel).then(
        () => undefined,
        () => undefined,
      );
      this.channels.set(channel, (entry = { listeners: new Set(), subscribed }));
    }
    const current = entry;
    current.listeners.add(onOutcome);
    return {
      subscribed: current.subscribed,
      stop: () => {
        if (!current.listeners.delete(onOutcome) || current.listeners.size > 0 || this.channels.get(channel) !== current) return;
        this.channels.delete(channel);
        this.client.unsubscribe(channel).catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    this.channels.clear();
    await closeWithin({ close: async () => void (await this.client.quit()), disconnect: () => this.client.disconnect() }, QUEUE_CLOSE_MS);
  }
}
