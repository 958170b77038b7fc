import { Inject, Injectable, Optional } from '@nestjs/common';
import { storageLimitsByPlan } from '@app/config';
import {
  InsertedMedia,
  MediaEntity,
  MediaLifecycleRepository,
  MediaRepository,
  NewMedia,
  Placeholder,
  ReadyRow,
  StoredObject,
  StoredObjectDetails,
  StoredObjectsRepository,
  Transactions,
  Tx,
} from '@app/db';
import { CacheAnnouncer } from '@app/redis';
import { MediaObjects } from './media-objects';
import { WEBHOOK_EVENTS_WRITTEN, WebhookEventsWritten } from './webhook-events-written';

/** What the worker stored for a media: the original's details, the hash of its source bytes and its placeholder. */
export interface ReadyDetails extends StoredObjectDetails, Placeholder {
  /** The source bytes' hash when the row does not hold it yet (an import's, known once fetched). */
  sha256: string | null;
}

/** A ready media: its row's answer and the object whose bytes it serves. */
export interface ReadyMedia extends ReadyRow {
  object: StoredObject;
}

/**
 * Ready on `object`, or not: the row no longer processes (failed or deleted meanwhile), its bytes do not fit
 * its owner's storage, or (sharing only) the account stores no such bytes.
 */
export type MarkReadyOutcome = ({ ready: true } & ReadyMedia) | { ready: false; reason: 'not_processing' | 'storage_full' | 'not_stored' };

/** How often a new object is tried again when the account's object of the same bytes died in between. */
const CREATE_OR_SHARE_ATTEMPTS = 3;

class StorageFull extends Error {}

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
    private readonly stored: StoredObjectsRepository,
    private readonly announcer: CacheAnnouncer,
    @Optional() @Inject(WEBHOOK_EVENTS_WRITTEN) private readonly webhookEvents?: WebhookEventsWritten,
  ) {}

  /** Webhook events committed: have them queued now. */
  private eventsWritten(count: number): void {
    if (count > 0) this.webhookEvents?.wake();
  }

  /** The row of an upload or import about to be handed to a worker (or, for bytes its account already stores, to `shareStored`). */
  create(media: NewMedia): Promise<InsertedMedia> {
    return this.media.insertProcessing(media);
  }

  /**
   * Before any decode: a processing media whose bytes its account already stores becomes ready on that object
   * (one more reference, no storage counted). `not_stored` when there is nothing to share: the caller decodes.
   * The gateway calls it for an upload whose bytes it knows are stored, the worker for every other media.
   */
  async shareStored(mediaId: string, sha256: string | null): Promise<MarkReadyOutcome> {
    const outcome = await this.transactions.run(async (tx): Promise<MarkReadyOutcome> => {
      const row = await this.rows.lockProcessing(tx, mediaId);
      if (!row) return { ready: false, reason: 'not_processing' };
      const hash = row.sha256 ?? sha256;
      const object = row.accountId && hash ? await this.stored.attach(tx, row.accountId, hash) : null;
      if (!object) return { ready: false, reason: 'not_stored' };
      return this.ready(tx, mediaId, object, hash, { thumbhash: null, dominantColor: null });
    });
    if (outcome.ready) this.eventsWritten(outcome.events);
    return outcome;
  }

  /**
   * After the worker stored the original under the media's own id: it becomes that object (its bytes counted
   * against the owner's storage, if they fit), or, when another upload of the same bytes became ready first,
   * it shares that one and the caller removes what it stored (`objectId` is not the media's id). Not ready when
   * the row is no longer processing or the bytes do not fit: the caller discards its result (and fails the row
   * in the second case).
   */
  async markReady(mediaId: string, details: ReadyDetails): Promise<MarkReadyOutcome> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.transactions.run((tx) => this.createOrShare(tx, mediaId, details)).catch((error: unknown) => {
        if (error instanceof StorageFull) return { ready: false as const, reason: 'storage_full' as const };
        throw error;
      });
      if (outcome?.ready) this.eventsWritten(outcome.events);
      if (outcome) return outcome;
      if (attempt === CREATE_OR_SHARE_ATTEMPTS) throw new Error(`media ${mediaId}: the account's object of the same bytes kept changing`);
    }
  }

  /** null: the account's object of the same bytes died between seeing it and sharing it (try again). */
  private async createOrShare(tx: Tx, mediaId: string, details: ReadyDetails): Promise<MarkReadyOutcome | null> {
    const row = await this.rows.lockProcessing(tx, mediaId);
    if (!row) return { ready: false, reason: 'not_processing' };
    const hash = row.sha256 ?? details.sha256;
    const created = await this.stored.create(tx, mediaId, row.accountId, hash, details);
    if (created) {
      // Thrown to roll the new object back with the rest.
      if (row.accountId && !(await this.rows.countStorage(tx, row.accountId, details.filesize, storageLimitsByPlan()))) throw new StorageFull();
      return this.ready(tx, mediaId, created, hash, details);
    }
    const shared = await this.stored.attach(tx, row.accountId!, hash!);
    return shared ? this.ready(tx, mediaId, shared, hash, details) : null;
  }

  /** `placeholder` is this media's own (null when shared without a decode: the object's other media have it). */
  private async ready(tx: Tx, mediaId: string, object: StoredObject, sha256: string | null, placeholder: Placeholder): Promise<MarkReadyOutcome> {
    return { ready: true, ...(await this.rows.markReady(tx, mediaId, object, sha256, placeholder)), object };
  }

  async fail(mediaId: string, code: string, message: string): Promise<void> {
    this.eventsWritten(await this.media.markFailed(mediaId, code, message));
  }

  /**
   * Removes a failed media's objects and, once none is left, records it cleaned. Resolves with the keys that
   * could not be removed (storage down): the sweep tries again. (A failed media never held an object.)
   */
  async cleanFailed(mediaId: string): Promise<string[]> {
    const left = await this.removeOwnKeys(mediaId);
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
      // In the same transaction: a ready media gives up its object, and the last one frees its bytes, once.
      if (locked.status === 'ready' && locked.objectId) await this.stored.release(tx, locked.objectId);
      return before;
    });
    this.eventsWritten(events);
    // Committed: gateways drop what they cached of it (delivery facts), wherever the delete came from.
    if (before) await this.announcer.announce({ media: mediaId });
    return before;
  }

  /**
   * Removes a deleted media's objects, then its row; throws ObjectsLeftError (row kept) when storage fails.
   * Its object's keys go only when no media points at it any more (it was the last); the keys under its own
   * id stay while they are another media's object.
   */
  async remove(mediaId: string): Promise<void> {
    const objectId = await this.rows.objectOf(mediaId);
    const left = await this.removeOwnKeys(mediaId);
    const objectDied = objectId !== null && objectId !== mediaId && (await this.stored.isDead(objectId));
    if (objectDied) left.push(...(await this.objects.removeAll(objectId)));
    if (left.length) throw new ObjectsLeftError(mediaId, left);
    if (objectId) await this.stored.forgetDead(objectId);
    await this.rows.removeDeleted(mediaId);
  }

  /**
   * Everything kept under the media's own id, unless that is a live object (other media still point at it):
   * then only its staging object. A dead object's row only goes once its keys are gone (`forgetDead`).
   */
  private async removeOwnKeys(mediaId: string): Promise<string[]> {
    if (await this.stored.isLive(mediaId)) return this.objects.removeStaging(mediaId);
    const left = await this.objects.removeAll(mediaId);
    if (!left.length) await this.stored.forgetDead(mediaId);
    return left;
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
