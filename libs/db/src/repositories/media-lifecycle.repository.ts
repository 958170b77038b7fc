import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MediaEntity } from '../entities/media.entity';
import type { Tx } from '../with-transaction';
import { WebhookOutboxRepository } from './webhook-outbox.repository';

/** The metadata a PATCH may change. */
export type MediaChanges = Partial<
  Pick<MediaEntity, 'name' | 'tags' | 'namespace' | 'isPublic' | 'date' | 'description' | 'expiresAt' | 'expiryExplicit'>
>;

const MARK_DELETED = `UPDATE media SET status = 'deleted', deleted_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP WHERE id = $1`;

// The original's bytes from the storage used, those of every variant recorded for it (media_variants) from the variant bytes.
const FREE_STORAGE = `
  UPDATE accounts SET
    storage_used_bytes = GREATEST(storage_used_bytes - $2::bigint, 0),
    variant_bytes = GREATEST(variant_bytes - (SELECT COALESCE(sum(bytes), 0) FROM media_variants WHERE media_id = $3), 0)
  WHERE id = $1`;

// A ready media's bytes were counted when it became ready (filesize is set then, and only then); a
// processing one may still be written by its job, so its tombstone waits until no job can run.
const DELETED_TO_FINISH = `
  SELECT id, filesize IS NOT NULL AS was_ready FROM media
  WHERE status = 'deleted' AND (filesize IS NOT NULL OR created_at < $1)
  ORDER BY deleted_at LIMIT $2`;

/** Row-level steps of a media's life after it was created: change, delete (freeing storage), remove. */
@Injectable()
export class MediaLifecycleRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: WebhookOutboxRepository,
  ) {}

  /** The row, locked until `tx` ends, so the status a rule looks at cannot change under it. */
  findForUpdate(tx: Tx, id: string): Promise<MediaEntity | null> {
    return tx.getRepository(MediaEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(tx: Tx, id: string, changes: MediaChanges): Promise<void> {
    await tx.getRepository(MediaEntity).update({ id }, changes);
  }

  /**
   * Makes a row locked by `findForUpdate` invisible to every reader and, if it was ready, gives its bytes
   * (the original's and its variants') back to the account: the status change and the refund commit together, so storage is freed once.
   * Writes the media.deleted webhook events in the same transaction; resolves with how many.
   */
  async markDeleted(tx: Tx, locked: MediaEntity): Promise<number> {
    if (locked.status === 'deleted') return 0;
    // media.deleted for a media someone could know of (ready, or answered 202 processing); the snapshot is the row before the change.
    const events = locked.status === 'failed' ? 0 : await this.outbox.addDeletedEvents(tx, locked.id);
    await tx.query(MARK_DELETED, [locked.id]);
    if (locked.status === 'ready' && locked.accountId && locked.filesize) {
      await tx.query(FREE_STORAGE, [locked.accountId, locked.filesize, locked.id]);
    }
    return events;
  }

  /** Removes a row only once it is deleted (never a live one). */
  async removeDeleted(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM media WHERE id = $1 AND status = 'deleted'`, [id]);
  }

  /** Deleted media whose removal is unfinished and that no job can still be writing. */
  async findDeletedToFinish(noJobAfter: Date, limit: number): Promise<{ id: string; wasReady: boolean }[]> {
    const rows: { id: string; was_ready: boolean }[] = await this.dataSource.query(DELETED_TO_FINISH, [noJobAfter, limit]);
    return rows.map((row) => ({ id: row.id, wasReady: row.was_ready }));
  }
}
