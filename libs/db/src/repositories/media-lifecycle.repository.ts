import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MediaEntity } from '../entities/media.entity';
import type { Tx } from '../with-transaction';
import { outboxEventsCte, WebhookOutboxRepository } from './webhook-outbox.repository';
import type { StorageLimits } from './media.repository';
import type { StoredObject } from './stored-objects.repository';

/** What a media becoming ready reports: its name (defaulted from its id), its hash and the object it points at. */
export interface ReadyRow {
  name: string;
  sha256: string | null;
  objectId: string;
  thumbhash: string | null;
  dominantColor: string | null;
  /** Webhook events written with it (media.ready). */
  events: number;
}

/** The placeholder the worker computed (null for SVG, and when shared without a decode: then the object's other media give theirs). */
export interface Placeholder {
  thumbhash: string | null;
  dominantColor: string | null;
}

/** A processing row, locked until the transaction ends. */
export interface ProcessingRow {
  accountId: string | null;
  sha256: string | null;
}

const LOCK_PROCESSING = `SELECT account_id, sha256 FROM media WHERE id = $1 AND status = 'processing' FOR UPDATE`;

// A media created without a usable name is called after its id and real format. The media.ready events
// (webhook outbox) are written by this same statement, so an event exists exactly when the change committed.
const MARK_READY = `
  WITH ready AS (
    UPDATE media m
    SET format = $2, ext = $3, content_type = $4, width = $5, height = $6, filesize = $7, object_id = $8,
        sha256 = COALESCE(m.sha256, $9), status = 'ready', updated_at = CURRENT_TIMESTAMP,
        name = CASE WHEN m.name = '' THEN m.id || '.' || $3 ELSE m.name END,
        thumbhash = COALESCE($10, (SELECT o.thumbhash FROM media o WHERE o.object_id = $8 AND o.status = 'ready' AND o.thumbhash IS NOT NULL LIMIT 1)),
        dominant_color = COALESCE($11, (SELECT o.dominant_color FROM media o WHERE o.object_id = $8 AND o.status = 'ready' AND o.dominant_color IS NOT NULL LIMIT 1))
    WHERE m.id = $1 AND m.status = 'processing'
    RETURNING m.*
  ), ${outboxEventsCte('media.ready', 'ready')}
  SELECT name, sha256, object_id, thumbhash, dominant_color, (SELECT count(*)::int FROM events) AS events FROM ready`;

// Only if they fit under the owner's plan's limit: the account row's lock makes racing uploads take turns,
// each checking what the other added.
const COUNT_STORAGE = `
  UPDATE accounts SET storage_used_bytes = storage_used_bytes + $2
  WHERE id = $1 AND storage_used_bytes + $2 <= COALESCE(($3::jsonb ->> plan)::bigint, $4)`;

/** The metadata a PATCH may change. */
export type MediaChanges = Partial<
  Pick<MediaEntity, 'name' | 'tags' | 'namespace' | 'isPublic' | 'date' | 'description' | 'expiresAt' | 'expiryExplicit'>
>;

const MARK_DELETED = `UPDATE media SET status = 'deleted', deleted_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP WHERE id = $1`;

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

  lockProcessing(tx: Tx, id: string): Promise<ProcessingRow | null> {
    return tx.query(LOCK_PROCESSING, [id]).then((rows: { account_id: string | null; sha256: string | null }[]) =>
      rows[0] ? { accountId: rows[0].account_id, sha256: rows[0].sha256 } : null,
    );
  }

  /** Adds an original's bytes to its owner's storage; false (nothing added) when they do not fit its plan's limit. */
  async countStorage(tx: Tx, accountId: string, bytes: number, limits: StorageLimits): Promise<boolean> {
    const [, updated]: [unknown, number] = await tx.query(COUNT_STORAGE, [accountId, bytes, JSON.stringify(limits.byPlan), limits.otherwise]);
    return updated > 0;
  }

  /** A processing row locked by `lockProcessing` becomes ready on `object`'s bytes. */
  async markReady(tx: Tx, id: string, object: StoredObject, sha256: string | null, placeholder: Placeholder): Promise<ReadyRow> {
    const { format, ext, contentType, width, height, filesize } = object;
    type Row = { name: string; sha256: string | null; object_id: string; thumbhash: string | null; dominant_color: string | null; events: number };
    const rows: Row[] = await tx.query(MARK_READY, [
      id, format, ext, contentType, width, height, filesize, object.id, sha256, placeholder.thumbhash, placeholder.dominantColor,
    ]);
    const [row] = rows;
    return { name: row.name, sha256: row.sha256, objectId: row.object_id, thumbhash: row.thumbhash, dominantColor: row.dominant_color, events: row.events };
  }

  async update(tx: Tx, id: string, changes: MediaChanges): Promise<void> {
    await tx.getRepository(MediaEntity).update({ id }, changes);
  }

  /**
   * Makes a row locked by `findForUpdate` invisible to every reader (its object is released by the caller, in
   * the same transaction). Writes the media.deleted webhook events in the same transaction; resolves with how many.
   */
  async markDeleted(tx: Tx, locked: MediaEntity): Promise<number> {
    if (locked.status === 'deleted') return 0;
    // media.deleted for a media someone could know of (ready, or answered 202 processing); the snapshot is the row before the change.
    const events = locked.status === 'failed' ? 0 : await this.outbox.addDeletedEvents(tx, locked.id);
    await tx.query(MARK_DELETED, [locked.id]);
    return events;
  }

  /** The object a media points at (null: none, it never became ready). */
  async objectOf(id: string): Promise<string | null> {
    const rows: { object_id: string | null }[] = await this.dataSource.query('SELECT object_id FROM media WHERE id = $1', [id]);
    return rows[0]?.object_id ?? null;
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
