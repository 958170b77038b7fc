import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { ListPosition, MediaEntity, MediaLifecycleRepository, MediaListFilter, MediaListRepository, MediaRepository, Transactions } from '@app/db';
import { ApiError, notFound, validationError } from '@app/errors';
import { CacheAnnouncer } from '@app/redis';
import { BatchOutcome, runBatch } from './batch-result';
import { encodeCursor } from './list-cursor';
import { MediaLifecycle, neverBecameReady } from './media-lifecycle.service';
import { isMediaId } from './media-id';
import { MediaPatch, planPatch } from './media-patch';
import { isVisibleTo, MediaReader } from './read-access';
import { assertWritable, MediaOwner } from './write-access';

export interface ListRequest extends Omit<MediaListFilter, 'accountId'> {
  limit: number;
  after: ListPosition | null;
}

export interface MediaPage {
  media: MediaEntity[];
  nextCursor: string | null;
  hasMore: boolean;
}

/** What the gateway asks of media beyond creating them: read, list, patch, delete, one by one or in batches. */
@Injectable()
export class MediaManagement {
  constructor(
    private readonly transactions: Transactions,
    private readonly media: MediaRepository,
    private readonly list: MediaListRepository,
    private readonly rows: MediaLifecycleRepository,
    private readonly lifecycle: MediaLifecycle,
    private readonly logger: PinoLogger,
    private readonly announcer: CacheAnnouncer,
  ) {
    logger.setContext('MediaManagement');
  }

  /**
   * The media when `reader` may see it (a processing one too, when asked), else null: unknown, failed,
   * deleted, expired, or another account's private media all read alike, so their existence never shows.
   */
  async findVisible(reader: MediaReader, id: string, options: { processing?: boolean } = {}): Promise<MediaEntity | null> {
    const row = isMediaId(id) ? await this.media.findById(id) : null;
    return isVisibleTo(row, reader, options) ? row : null;
  }

  /** One page of the owner's ready, unexpired media, newest first; one extra row tells whether more follow. */
  async listPage(owner: MediaOwner, request: ListRequest, now = new Date()): Promise<MediaPage> {
    const { limit, after, ...filter } = request;
    const rows = await this.list.page({ ...filter, accountId: owner.accountId }, after, limit + 1, now);
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    return {
      media: page.map((row) => row.media),
      nextCursor: hasMore ? encodeCursor(page[page.length - 1].position) : null,
      hasMore,
    };
  }

  /** Changes the media under its row lock: every change or none. A database fault is update_failed. */
  async patch(owner: MediaOwner, id: string, patch: MediaPatch, now = new Date()): Promise<MediaEntity> {
    if (!isMediaId(id)) throw notFound();
    try {
      const patched = await this.transactions.run(async (tx) => {
        const media = await this.rows.findForUpdate(tx, id);
        assertWritable(media, owner, { now });
        const plan = planPatch(media, patch, owner, now);
        if ('errors' in plan) throw validationError(plan.errors);
        await this.rows.update(tx, id, plan.changes);
        return Object.assign(media, plan.changes);
      });
      // Committed: a visibility or expiry change must reach every gateway's delivery facts.
      await this.announcer.announce({ media: id });
      return patched;
    } catch (error) {
      throw this.asApiError(error, 'update_failed', id);
    }
  }

  /**
   * Marks the media deleted (gone for every reader, storage freed) before touching storage, then removes
   * its objects and its row. When storage fails the answer is delete_failed, the media stays gone, and a
   * retry of this call or the sweep finishes. A media still processing is only marked: its job finds the
   * row no longer processing and discards its result; the sweep removes the tombstone.
   */
  async delete(owner: MediaOwner, id: string, now = new Date()): Promise<void> {
    if (!isMediaId(id)) throw notFound();
    try {
      const before = await this.lifecycle.markDeleted(id, (locked) => assertWritable(locked, owner, { now, deletedToo: true }));
      if (before && !neverBecameReady(before)) await this.lifecycle.remove(id);
    } catch (error) {
      throw this.asApiError(error, 'delete_failed', id);
    }
  }

  batchPatch(owner: MediaOwner, ids: string[], patch: MediaPatch): Promise<BatchOutcome> {
    return runBatch(ids, 'update_failed', (id) => this.patch(owner, id, patch).then(() => undefined));
  }

  batchDelete(owner: MediaOwner, ids: string[]): Promise<BatchOutcome> {
    return runBatch(ids, 'delete_failed', (id) => this.delete(owner, id));
  }

  private asApiError(error: unknown, code: 'update_failed' | 'delete_failed', mediaId: string): ApiError {
    if (error instanceof ApiError) return error;
    this.logger.warn({ err: error, mediaId }, code);
    return new ApiError(code);
  }
}
