import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThanOrEqual } from 'typeorm';
import { MediaEntity } from '../entities/media.entity';
import { outboxEventsCte } from './webhook-outbox.repository';
import { ListedMedia, ListPosition, pageWithPositions, selectPosition, timestampOfMicrosSql } from './created-at-position';

/**
 * A new row's fields; its reserved month is the quota reservation held for its id, if any. The database
 * stamps created_at, and expires_at is created_at plus `lifetimeSeconds` (null: never).
 */
export type NewMedia = Omit<
  MediaEntity,
  | 'reservedMonth'
  | 'status'
  | 'format'
  | 'ext'
  | 'contentType'
  | 'width'
  | 'height'
  | 'filesize'
  | 'failureCode'
  | 'failureMessage'
  | 'cleanedAt'
  | 'thumbhash'
  | 'dominantColor'
  | 'objectId'
  | 'updatedAt'
  | 'createdAt'
  | 'expiresAt'
> & { lifetimeSeconds: number | null };

/** Storage in bytes per plan name, and for an account whose plan is not listed. */
export interface StorageLimits {
  byPlan: Record<string, number>;
  otherwise: number;
}

// The statements every upload runs, as plain parameterised SQL: TypeORM's query building was a
// visible share of the gateway's and worker's CPU per upload. The insert takes the upload's quota
// reservation over: from then on the row carries its month (a failure refunds it), and a reservation
// already refunded (or swept) is not carried, so the upload can never be given back twice.
// created_at is the database's own microsecond instant (the list's keyset orders uploads of one second by
// it), and expires_at is derived from that same instant, so their difference is exactly the lifetime.
// `stored` says whether the account already has a live object of the same bytes (a duplicate upload may
// then share it at once): a hint only, the object may die before it is shared.
const INSERT_PROCESSING = `
  WITH taken AS (
    DELETE FROM upload_reservations WHERE media_id = $1 RETURNING month
  )
  INSERT INTO media (id, account_id, status, source, name, tags, namespace, is_public, date, description,
                     expires_at, expiry_explicit, source_url, uploader_ip, sha256, created_at, reserved_month)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + $11::int * interval '1 second', $12, $13, $14, $15, now(),
          (SELECT month FROM taken))
  RETURNING created_at, expires_at, updated_at, to_char(reserved_month, 'YYYY-MM-DD') AS reserved_month,
    EXISTS (SELECT 1 FROM stored_objects o WHERE o.account_id = $2 AND o.sha256 = $15 AND o.refs > 0) AS stored`;

// A failure gives the upload it reserved back, once: the month is cleared in the same statement, which also
// writes the media.failed events (webhook outbox), so they exist exactly when the failure committed.
const MARK_FAILED = `
  WITH failed AS (
    UPDATE media m
    SET status = 'failed', failure_code = $2, failure_message = $3, reserved_month = NULL, updated_at = CURRENT_TIMESTAMP
    FROM (SELECT id, reserved_month FROM media WHERE id = $1) old
    WHERE m.id = old.id AND m.status = 'processing'
    RETURNING m.id, m.account_id, m.failure_code, m.failure_message, old.reserved_month
  ), ${outboxEventsCte('media.failed', 'failed')}, refunded AS (
    UPDATE usage_months u SET uploads_used = u.uploads_used - 1
    FROM failed
    WHERE u.account_id = failed.account_id AND u.month = failed.reserved_month AND u.uploads_used > 0
  )
  SELECT count(*)::int AS events FROM events`;

interface InsertedRow {
  created_at: Date;
  expires_at: Date | null;
  updated_at: Date;
  reserved_month: string | null;
  stored: boolean;
}

/** A row inserted as processing, and whether its account already stored its bytes when it was inserted. */
export interface InsertedMedia {
  row: MediaEntity;
  /** A live object of the account has the row's sha256: sharing it may settle the media without a decode. */
  bytesStored: boolean;
}

/** What serving `src` needs of a media: who may see it, and what was stored. */
export type DeliverableMedia = Pick<
  MediaEntity,
  'id' | 'accountId' | 'status' | 'isPublic' | 'expiresAt' | 'format' | 'ext' | 'contentType' | 'filesize' | 'createdAt'
> & {
  /** The storage id its original and variants are kept under (shared by the account's media of the same bytes). */
  objectId: string;
};

// Run on every `src` request: plain SQL for the columns delivery reads. TypeORM's query building and
// entity hydration were a fifth of the gateway's CPU per cached variant (bench/README.md, delivery).
const FIND_DELIVERABLE = `
  SELECT id, account_id, status, is_public, expires_at, format, ext, content_type, filesize, created_at,
         COALESCE(object_id, id) AS object_id
  FROM media WHERE id = $1`;

interface DeliverableRow {
  id: string;
  account_id: string | null;
  status: MediaEntity['status'];
  is_public: boolean;
  expires_at: Date | null;
  format: string | null;
  ext: string | null;
  content_type: string | null;
  filesize: string | number | null;
  created_at: Date;
  object_id: string;
}

/** What the backfill may still fill of a ready media (see `findNeedingBackfill`). */
export type BackfillRow = Pick<MediaEntity, 'id' | 'status' | 'format' | 'ext' | 'thumbhash' | 'sha256' | 'objectId'>;

/**
 * Formats whose stored original is the upload's bytes by construction (kept unchanged, never stripped),
 * so the sha256 of the stored file is the sha256 "as uploaded". Others may have lost metadata or been
 * re-encoded: their sha256 cannot be known from storage and stays null.
 */
export const SHA256_FROM_STORED_FORMATS = ['bmp', 'ico'];

// Ready media lacking a placeholder (SVG never has one) or a sha256 that storage can give, in id order
// after the last one seen: a keyset, so a run never revisits a row, and a re-run finds only what is left.
const FIND_NEEDING_BACKFILL = `
  SELECT id FROM media
  WHERE id > $1 AND status = 'ready'
    AND ((thumbhash IS NULL AND format <> 'svg') OR (sha256 IS NULL AND format = ANY($3)))
  ORDER BY id LIMIT $2`;

// Only what is still missing, and only on a ready row: a re-run, or a race with a delete, changes nothing.
// A sha256 found also names the media's stored object (when it stored it and the account has no other live
// object of those bytes), so later uploads of the same bytes share it (dedup): until then it had none.
const FILL_BACKFILL = `
  WITH filled AS (
    UPDATE media SET thumbhash = COALESCE(thumbhash, $2), dominant_color = COALESCE(dominant_color, $3), sha256 = COALESCE(sha256, $4)
    WHERE id = $1 AND status = 'ready'
    RETURNING object_id, sha256
  )
  UPDATE stored_objects o SET sha256 = filled.sha256
  FROM filled
  WHERE o.id = filled.object_id AND o.sha256 IS NULL AND filled.sha256 IS NOT NULL AND o.refs > 0 AND o.account_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM stored_objects x WHERE x.account_id = o.account_id AND x.sha256 = filled.sha256 AND x.refs > 0)`;

@Injectable()
export class MediaRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(MediaEntity);
  }

  async insertProcessing(media: NewMedia): Promise<InsertedMedia> {
    const { lifetimeSeconds, ...fields } = media;
    const row = Object.assign(new MediaEntity(), fields, { status: 'processing' as const });
    const [stored]: InsertedRow[] = await this.dataSource.query(INSERT_PROCESSING, [
      row.id,
      row.accountId,
      row.status,
      row.source,
      row.name,
      row.tags,
      row.namespace,
      row.isPublic,
      row.date,
      row.description,
      lifetimeSeconds,
      row.expiryExplicit,
      row.sourceUrl,
      row.uploaderIp,
      row.sha256,
    ]);
    Object.assign(row, {
      createdAt: stored.created_at,
      expiresAt: stored.expires_at,
      updatedAt: stored.updated_at,
      reservedMonth: stored.reserved_month,
    });
    return { row, bytesStored: stored.stored };
  }

  findById(id: string): Promise<MediaEntity | null> {
    return this.repo.findOneBy({ id });
  }

  async findDeliverable(id: string): Promise<DeliverableMedia | null> {
    const [row]: DeliverableRow[] = await this.dataSource.query(FIND_DELIVERABLE, [id]);
    if (!row) return null;
    return {
      id: row.id,
      accountId: row.account_id,
      status: row.status,
      isPublic: row.is_public,
      expiresAt: row.expires_at,
      format: row.format,
      ext: row.ext,
      contentType: row.content_type,
      filesize: row.filesize === null ? null : Number(row.filesize),
      createdAt: row.created_at,
      objectId: row.object_id,
    };
  }

  /** Up to `limit` ids after `afterId` (in id order) of ready media the backfill has something to fill for. */
  async findNeedingBackfill(afterId: string, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(FIND_NEEDING_BACKFILL, [afterId, limit, SHA256_FROM_STORED_FORMATS]);
    return rows.map((row) => row.id);
  }

  async findBackfillRow(id: string): Promise<BackfillRow | null> {
    return this.repo.findOne({ where: { id }, select: { id: true, status: true, format: true, ext: true, thumbhash: true, sha256: true, objectId: true } });
  }

  /** Fills what a ready media still lacks; never overwrites a value. */
  async fillBackfill(id: string, values: { thumbhash: string | null; dominantColor: string | null; sha256: string | null }): Promise<void> {
    await this.dataSource.query(FILL_BACKFILL, [id, values.thumbhash, values.dominantColor, values.sha256]);
  }

  /** Fails a processing row and refunds the upload it reserved; a row already finished is left as it is. */
  /** Resolves with the number of webhook events (media.failed) written with it. */
  async markFailed(id: string, failureCode: string, failureMessage: string): Promise<number> {
    const [{ events }]: { events: number }[] = await this.dataSource.query(MARK_FAILED, [id, failureCode, failureMessage]);
    return events;
  }

  async deleteRow(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  /** Ready media whose expiry has passed, oldest first. */
  findExpired(now: Date, limit: number): Promise<MediaEntity[]> {
    return this.repo.find({ where: { status: 'ready', expiresAt: LessThanOrEqual(now) }, order: { expiresAt: 'ASC' }, take: limit });
  }

  /** Rows still processing long after any job could have finished (their job was lost), oldest first. */
  async findStuckProcessing(createdBefore: Date, limit: number): Promise<MediaEntity[]> {
    return (await this.stuckProcessingPage(createdBefore, limit, null)).map(({ media }) => media);
  }

  /** Every row `findStuckProcessing` names, however many: read a page at a time on the keyset (created_at, id). */
  async *eachStuckProcessing(createdBefore: Date, pageSize: number): AsyncGenerator<MediaEntity> {
    let after: ListPosition | null = null;
    for (;;) {
      const page = await this.stuckProcessingPage(createdBefore, pageSize, after);
      for (const { media } of page) yield media;
      if (page.length < pageSize) return;
      after = page[page.length - 1].position;
    }
  }

  private stuckProcessingPage(createdBefore: Date, limit: number, after: ListPosition | null): Promise<ListedMedia[]> {
    const query = selectPosition(this.repo.createQueryBuilder('m'), 'm')
      .where(`m.status = 'processing'`)
      .andWhere('m.created_at < :createdBefore', { createdBefore })
      .orderBy('m.created_at', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(limit);
    if (after) {
      query.andWhere(`(m.created_at, m.id) > (${timestampOfMicrosSql(':afterMicros')}, :afterId)`, {
        afterMicros: after.createdAtMicros,
        afterId: after.id,
      });
    }
    return pageWithPositions(query);
  }

  findFailedUncleaned(limit: number): Promise<MediaEntity[]> {
    return this.repo.find({ where: { status: 'failed', cleanedAt: IsNull() }, take: limit });
  }

  /** The status of each of these media that still has a row. */
  async statusesOf(ids: string[]): Promise<Map<string, MediaEntity['status']>> {
    if (!ids.length) return new Map();
    const rows: { id: string; status: MediaEntity['status'] }[] = await this.dataSource.query(
      'SELECT id, status FROM media WHERE id = ANY($1)',
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.status]));
  }

  async markCleaned(id: string): Promise<void> {
    await this.repo.update({ id }, { cleanedAt: new Date() });
  }
}
