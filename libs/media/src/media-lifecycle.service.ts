import { Inject, Injectable, Optional } from '@nestjs/common';
import { storageLimitsByPlan } from '@app/config';
import { MarkReadyOutcome, MediaEntity, MediaLifecycleRepository, MediaRepository, NewMedia, ReadyDetails, Transactions } from '@app/db';
import { CacheAnnouncer } from '@app/redis';
import { MediaObjects } from './media-objects';
import { WEBHOOK_EVENTS_WRITTEN, WebhookEventsWritten } from './webhook-events-written';

export class ObjectsLeftError extends Error {
  constructor(
    readonly mediaId: string,
    readonly left: string[],
  ) {
    super(`objects of media ${mediaId} could not be removed: ${left.join(', ')}`);
  }
}

/** A media the sweep could not settle this time, and why. */
export interface SweepFailure {
  mediaId: string;
  error: unknown;
}

/** A processing media never counted bytes and its job may still be writing: its job cleans up after itself. */
export function neverBecameReady(media: MediaEntity): boolean {
  return media.filesize === null;
}

/**
 * One life of a media, shared by the worker, the sweep and the gateway: processing (created), ready (counts
 * its bytes), failed (refunds its upload; its objects removed, then marked cleaned), deleted (gone for every
 * reader, bytes freed, in one transaction), then removed: objects first, the row last, so a row never points
 * at missing bytes and no object outlives its row.
 */
@Injectable()
export class MediaLifecycle {
  constructor(
    private readonly transactions: Transactions,
    private readonly rows: MediaLifecycleRepository,
    private readonly media: MediaRepository,
    private readonly objects: MediaObjects,
    private readonly announcer: CacheAnnouncer,
    @Optional() @Inject(WEBHOOK_EVENTS_WRITTEN) private readonly webhookEvents?: WebhookEventsWritten,
  ) {}

  /** Webhook events committed: have them queued now. */
  private eventsWritten(count: number): void {
    if (count > 0) this.webhookEvents?.wake();
  }

  /** The row of an upload or import about to be handed to a worker. */
  create(media: NewMedia): Promise<MediaEntity> {
    return this.media.insertProcessing(media);
  }

  /**
   * Not ready when the row is no longer processing (failed or deleted meanwhile) or its bytes do not fit its
   * owner's storage limit: the caller discards its result (and fails the row in the second case).
   */
  async markReady(mediaId: string, details: ReadyDetails): Promise<MarkReadyOutcome> {
    const outcome = await this.media.markReady(mediaId, details, storageLimitsByPlan());
    if (outcome.ready) this.eventsWritten(outcome.events ?? 0);
    return outcome;
  }

  async fail(mediaId: string, code: string, message: string): Promise<void> {
    this.eventsWritten(await this.media.markFailed(mediaId, code, message));
  }

  /**
   * Removes a failed media's objects and, once none is left, records it cleaned. Resolves with the keys that
   * could not be removed (storage down): the sweep tries again.
   */
  async cleanFailed(mediaId: string): Promise<string[]> {
    const left = await this.objects.removeAll(mediaId);
    if (!left.length) await this.media.markCleaned(mediaId);
    return left;
  }

  /**
   * Locks the row, lets `admit` refuse (by throwing) on what it sees, then marks it deleted. Resolves with
   * the row as it was before, or null when `admit` returned false (nothing to do).
   */
  async markDeleted(mediaId: string, admit: (locked: MediaEntity | null) => boolean | void): Promise<MediaEntity | null> {
    let events = 0;
    const before = await this.transactions.run(async (tx) => {
      const locked = await this.rows.findForUpdate(tx, mediaId);
      if (admit(locked) === false || !locked) return null;
      const before = { ...locked } as MediaEntity;
      events = await this.rows.markDeleted(tx, locked);
      return before;
    });
    this.eventsWritten(events);
    // Committed: gateways drop what they cached of it (delivery facts), wherever the delete came from.
    if (before) await this.announcer.announce({ media: mediaId });
    return before;
  }

  /** Removes a deleted media's objects, then its row; throws ObjectsLeftError (row kept) when storage fails. */
  async remove(mediaId: string): Promise<void> {
    const left = await this.objects.removeAll(mediaId);
    if (left.length) throw new ObjectsLeftError(mediaId, left);
    await this.rows.removeDeleted(mediaId);
  }

  /** The sweep: an expired media goes like a deleted one. False when it was no longer ready and expired. */
  async expire(mediaId: string, now: Date): Promise<boolean> {
    const before = await this.markDeleted(
      mediaId,
      (locked) => locked?.status === 'ready' && !!locked.expiresAt && locked.expiresAt <= now,
    );
    if (!before) return false;
    await this.remove(mediaId);
    return true;
  }

  /**
   * The sweep: finishes deletions a fault interrupted, and removes tombstones no job can still write to.
   * Those it could not finish are kept for the next sweep and returned with their cause.
   */
  async finishDeleted(noJobAfter: Date, limit: number): Promise<{ finished: number; failures: SweepFailure[] }> {
    let finished = 0;
    const failures: SweepFailure[] = [];
    for (const { id } of await this.rows.findDeletedToFinish(noJobAfter, limit)) {
      await this.remove(id).then(
        () => finished++,
        (error: unknown) => failures.push({ mediaId: id, error }),
      );
    }
    return { finished, failures };
  }
}
