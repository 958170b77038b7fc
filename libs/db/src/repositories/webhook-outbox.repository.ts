import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MediaEntity } from '../entities/media.entity';
import type { Tx } from '../with-transaction';
import type { WebhookDeliveryRow } from './webhook-endpoints.repository';

/** A new outbox row's id: the `webhook-id` a receiver sees on every attempt (Standard Webhooks' msg_ form). */
const MESSAGE_ID_SQL = `'msg_' || replace(gen_random_uuid()::text, '-', '')`;

/**
 * One outbox row per enabled endpoint of the media's account that subscribed to `type`, as a data-modifying
 * CTE (`events`, returning the ids), to add to the statement that makes the change: the event commits or
 * rolls back with it. `source` is a relation (a CTE) with the media row's columns; for media.failed the event
 * carries the failure, otherwise a snapshot of the row.
 */
export function outboxEventsCte(type: 'media.ready' | 'media.failed' | 'media.deleted', source: string): string {
  const payload =
    type === 'media.failed'
      ? `NULL, jsonb_build_object('error', s.failure_code, 'message', s.failure_message)`
      : `to_jsonb(s), NULL`;
  return `events AS (
    INSERT INTO webhook_outbox (id, endpoint_id, type, media_id, media, failure)
    SELECT ${MESSAGE_ID_SQL}, e.id, '${type}', s.id, ${payload}
    FROM ${source} s JOIN webhook_endpoints e ON e.account_id = s.account_id
    WHERE e.disabled_at IS NULL AND '${type}' = ANY(e.events)
    RETURNING id
  )`;
}

const DELETED_EVENTS = `
  WITH s AS (SELECT * FROM media WHERE id = $1), ${outboxEventsCte('media.deleted', 's')}
  SELECT count(*)::int AS n FROM events`;

const RECORD_ATTEMPT = `
  WITH logged AS (
    INSERT INTO webhook_deliveries (endpoint_id, message_id, type, attempt, status_code, error, outcome)
    VALUES ($1, $2, $3, $4, $5, $6, $7)
  ), rescheduled AS (
    UPDATE webhook_outbox SET attempts = $4, next_attempt_at = $8 WHERE id = $2 AND $8::timestamptz IS NOT NULL
  ), finished AS (
    DELETE FROM webhook_outbox WHERE id = $2 AND $8::timestamptz IS NULL
  ), disabled AS (
    UPDATE webhook_endpoints SET disabled_at = CURRENT_TIMESTAMP WHERE id = $1 AND $9::boolean AND disabled_at IS NULL
  ), pruned AS (
    DELETE FROM webhook_deliveries WHERE endpoint_id = $1 AND seq < (
      SELECT min(seq) FROM (SELECT seq FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY seq DESC LIMIT $10) kept)
  )
  SELECT 1`;

/** An outbox row with what delivering it needs: its endpoint's address, sealed secret and state. */
export interface PendingEvent {
  id: string;
  type: string;
  mediaId: string;
  /** The media row as it was when the event happened (media.ready, media.deleted). */
  media: MediaEntity | null;
  failure: { error: string; message: string } | null;
  createdAt: Date;
  attempts: number;
  endpointId: string;
  url: string;
  sealedSecret: string;
  disabled: boolean;
}

/** What became of one attempt: `next` is when to try again (null: the event is finished, delivered or given up). */
export interface AttemptRecord {
  eventId: string;
  endpointId: string;
  type: string;
  attempt: number;
  statusCode: number | null;
  error: string | null;
  outcome: WebhookDeliveryRow['outcome'];
  next: Date | null;
}

/** The event outbox: written with each media state change, read by the relay and the delivery worker. */
@Injectable()
export class WebhookOutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** In the transaction that marks the media deleted (before its row changes): how many events were written. */
  async addDeletedEvents(tx: Tx, mediaId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await tx.query(DELETED_EVENTS, [mediaId]);
    return n;
  }

  /** Events due before `horizon`, a page at a time in id order (after `afterId`): the relay queues each. */
  async dueBefore(horizon: Date, afterId: string, limit: number): Promise<{ id: string; nextAttemptAt: Date }[]> {
    const rows: { id: string; next_attempt_at: Date }[] = await this.dataSource.query(
      `SELECT id, next_attempt_at FROM webhook_outbox WHERE next_attempt_at <= $1 AND id > $2 ORDER BY id LIMIT $3`,
      [horizon, afterId, limit],
    );
    return rows.map((row) => ({ id: row.id, nextAttemptAt: row.next_attempt_at }));
  }

  async find(id: string): Promise<PendingEvent | null> {
    const rows: {
      id: string;
      type: string;
      media_id: string;
      media: Record<string, unknown> | null;
      failure: PendingEvent['failure'];
      created_at: Date;
      attempts: number;
      endpoint_id: string;
      url: string;
      sealed_secret: string;
      disabled_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT o.id, o.type, o.media_id, o.media, o.failure, o.created_at, o.attempts, o.endpoint_id, e.url, e.sealed_secret, e.disabled_at
       FROM webhook_outbox o JOIN webhook_endpoints e ON e.id = o.endpoint_id WHERE o.id = $1`,
      [id],
    );
    if (!rows.length) return null;
    const row = rows[0];
    return {
      id: row.id,
      type: row.type,
      mediaId: row.media_id,
      media: row.media ? this.mediaFromSnapshot(row.media) : null,
      failure: row.failure,
      createdAt: row.created_at,
      attempts: row.attempts,
      endpointId: row.endpoint_id,
      url: row.url,
      sealedSecret: row.sealed_secret,
      disabled: row.disabled_at !== null,
    };
  }

  /**
   * Logs the attempt and moves the event on, in one statement (a round trip per delivery, not five): counted
   * and rescheduled, or (finished) removed from the outbox; a 410 disables the endpoint. Only the endpoint's
   * last `keep` attempts stay logged (the statement sees the log as it was before, so it keeps `keep` - 1 of those).
   */
  async record(attempt: AttemptRecord, keep: number, disableEndpoint: boolean): Promise<void> {
    await this.dataSource.query(RECORD_ATTEMPT, [
      attempt.endpointId,
      attempt.eventId,
      attempt.type,
      attempt.attempt,
      attempt.statusCode,
      attempt.error,
      attempt.outcome,
      attempt.next,
      disableEndpoint,
      keep - 1,
    ]);
  }

  /** A media row as `to_jsonb` wrote it (column names, timestamps as text), read back as the entity. */
  private mediaFromSnapshot(snapshot: Record<string, unknown>): MediaEntity {
    const media = new MediaEntity();
    for (const column of this.dataSource.getMetadata(MediaEntity).columns) {
      let value = snapshot[column.databaseName] ?? null;
      if (value !== null && column.type === 'timestamptz') value = new Date(value as string);
      if (value !== null && column.transformer && !Array.isArray(column.transformer)) value = column.transformer.from(value);
      (media as unknown as Record<string, unknown>)[column.propertyName] = value;
    }
    return media;
  }
}
