import { randomBytes } from 'crypto';
import type { Cluster, Redis } from 'ioredis';
import { closeWithin, decodeAddressedOutcome, decodeJobOutcome, gatewayOutcomeChannel, JobOutcomeMessage, QUEUE_CLOSE_MS } from '@app/jobs';
import { createRedisClient } from '@app/redis';

/** An outcome heard in the inbox before its wait registered (the job ended between its add and the wait) is kept this long. */
export const EARLY_OUTCOME_TTL_MS = 30_000;
/** At most this many such outcomes are kept (those of waits that ran out before their job ended, mostly). */
export const EARLY_OUTCOMES_MAX = 1000;

interface Channel {
  listeners: Set<(outcome: JobOutcomeMessage) => void>;
  subscribed: Promise<void>;
}

export interface OutcomeListener {
  /** Settles once Redis confirmed the subscription (or refused it): an outcome sent from then on is heard. */
  subscribed: Promise<void>;
  stop(): void;
}

/** The inbox a job is queued with, and which subscription of it was live then. */
export interface InboxTicket {
  channel: string;
  generation: number;
}

export interface InboxWait {
  onOutcome(outcome: JobOutcomeMessage): void;
  /** The inbox was subscribed again after its connection dropped: an outcome may have been sent meanwhile. */
  onResubscribed(): void;
}

/**
 * The gateway's one subscriber connection to job outcomes. Its inbox, subscribed once per process, hears the
 * outcomes of the uploads and imports it queued and waits on, dispatched by job id: a wait costs no Redis
 * command. A job that other gateways may wait on too (a variant render) is announced on a channel of its own,
 * subscribed while at least one request of this gateway waits on it and unsubscribed after the last one.
 * ioredis subscribes again to every channel still wanted when the connection comes back.
 */
export class JobOutcomeSubscriptions {
  private readonly client: Redis | Cluster;
  private readonly channels = new Map<string, Channel>();
  readonly inboxChannel: string;
  private readonly inboxWaits = new Map<string, Set<InboxWait>>();
  private readonly early = new Map<string, { outcome: JobOutcomeMessage; heardAt: number }>();
  /** Counts confirmed subscriptions of the inbox: a ticket of an older one may have missed a message. */
  private inboxGeneration = 0;
  private inboxLive = false;

  constructor(
    redisUrl: string,
    queuePrefix: string,
    private readonly now: () => number = Date.now,
  ) {
    this.inboxChannel = gatewayOutcomeChannel(queuePrefix, randomBytes(8).toString('hex'));
    this.client = createRedisClient(redisUrl, { maxRetriesPerRequest: null });
    // Connection trouble is reported by /health/ready; the state checks carry the waits meanwhile.
    this.client.on('error', () => undefined);
    this.client.on('ready', () => this.subscribeInbox());
    this.client.on('close', () => (this.inboxLive = false));
    this.client.on('message', (channel: string, message: string) => {
      if (channel === this.inboxChannel) return this.heardInInbox(message);
      const outcome = decodeJobOutcome(message);
      if (outcome) for (const listener of [...(this.channels.get(channel)?.listeners ?? [])]) listener(outcome);
    });
  }

  /** The inbox to queue a job with, or undefined while it is not subscribed (the job's own channel serves then). */
  inbox(): InboxTicket | undefined {
    return this.inboxLive ? { channel: this.inboxChannel, generation: this.inboxGeneration } : undefined;
  }

  /** True when the inbox has stayed subscribed since `ticket` was taken, so no outcome sent to it since was lost. */
  heardSince(ticket: InboxTicket): boolean {
    return this.inboxLive && this.inboxGeneration === ticket.generation;
  }

  /** Waits in the inbox for a job's outcome; one already heard is handed over at once. Returns its stop. */
  expect(queueName: string, jobId: string, wait: InboxWait): () => void {
    const key = inboxKey(queueName, jobId);
    const heard = this.early.get(key);
    this.early.delete(key);
    if (heard && this.now() - heard.heardAt <= EARLY_OUTCOME_TTL_MS) {
      wait.onOutcome(heard.outcome);
      return () => undefined;
    }
    const waits = this.inboxWaits.get(key) ?? new Set<InboxWait>();
    this.inboxWaits.set(key, waits.add(wait));
    return () => {
      if (waits.delete(wait) && waits.size === 0 && this.inboxWaits.get(key) === waits) this.inboxWaits.delete(key);
    };
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
    this.inboxLive = false;
    await closeWithin({ close: async () => void (await this.client.quit()), disconnect: () => this.client.disconnect() }, QUEUE_CLOSE_MS);
  }

  private subscribeInbox(): void {
    this.client.subscribe(this.inboxChannel).then(
      () => {
        if (this.client.status !== 'ready') return;
        this.inboxGeneration++;
        this.inboxLive = true;
        for (const waits of [...this.inboxWaits.values()]) for (const wait of [...waits]) wait.onResubscribed();
      },
      () => undefined,
    );
  }

  private heardInInbox(message: string): void {
    const addressed = decodeAddressedOutcome(message);
    if (!addressed) return;
    const key = inboxKey(addressed.queue, addressed.jobId);
    const waits = this.inboxWaits.get(key);
    if (waits) {
      for (const wait of [...waits]) wait.onOutcome(addressed.outcome);
      return;
    }
    this.keepEarly(key, addressed.outcome);
  }

  private keepEarly(key: string, outcome: JobOutcomeMessage): void {
    const heardAt = this.now();
    // Oldest first (a Map keeps insertion order): drop what has expired, then what is over the bound.
    for (const [oldKey, kept] of this.early) {
      if (heardAt - kept.heardAt <= EARLY_OUTCOME_TTL_MS && this.early.size < EARLY_OUTCOMES_MAX) break;
      this.early.delete(oldKey);
    }
    this.early.set(key, { outcome, heardAt });
  }
}

const inboxKey = (queueName: string, jobId: string) => `${queueName}\n${jobId}`;
