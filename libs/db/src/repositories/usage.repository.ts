import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface UsageCounts {
  uploadsUsed: number;
  storageUsedBytes: number;
  /** Stored variants' bytes: reported apart, never limited. */
  variantBytes: number;
}

export interface QuotaLimits {
  uploads: number;
  storageBytes: number;
}

// One statement, so N gateways racing can never pass the limit: the upsert takes the month's row lock
// and re-checks the count under it. Storage is checked in the same statement. The reservation row,
// keyed by the media id, commits with the count: what a lost answer or a crash leaves is settled by id.
const RESERVE_UPLOAD = `
  WITH counted AS (
    INSERT INTO usage_months (account_id, month, uploads_used)
    SELECT $1, $2::date, 1
    WHERE $3 > 0 AND (SELECT storage_used_bytes FROM accounts WHERE id = $1) < $4
    ON CONFLICT (account_id, month) DO UPDATE SET uploads_used = usage_months.uploads_used + 1
      WHERE usage_months.uploads_used < $3 AND (SELECT storage_used_bytes FROM accounts WHERE id = $1) < $4
    RETURNING account_id, month
  )
  INSERT INTO upload_reservations (media_id, account_id, month)
  SELECT $5, account_id, month FROM counted
  RETURNING media_id`;

// Decrements only when it deletes the reservation: repeating it (after a lost answer, or racing the
// sweep) is harmless, and a reservation already taken over by its media row is left to that row.
const REFUND_RESERVATION = `
  WITH released AS (
    DELETE FROM upload_reservations WHERE media_id = $1 RETURNING account_id, month
  )
  UPDATE usage_months u SET uploads_used = u.uploads_used - 1
  FROM released
  WHERE u.account_id = released.account_id AND u.month = released.month AND u.uploads_used > 0`;

// Reservations whose request ended without a media row (its gateway died, or every refund was lost).
const FIND_ABANDONED = `
  SELECT r.media_id FROM upload_reservations r
  WHERE r.created_at < $1 AND NOT EXISTS (SELECT 1 FROM media m WHERE m.id = r.media_id)
  ORDER BY r.created_at LIMIT $2`;

const READ_USAGE = `
  SELECT a.storage_used_bytes, a.variant_bytes, COALESCE(u.uploads_used, 0) AS uploads_used
  FROM accounts a LEFT JOIN usage_months u ON u.account_id = a.id AND u.month = $2::date
  WHERE a.id = $1`;

/** Upload quota per account and UTC month (`month` is its first day, YYYY-MM-01), and stored bytes. */
@Injectable()
export class UsageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Takes one upload of the month's quota for `mediaId` if both limits allow; false when either is reached. */
  async reserveUpload(accountId: string, month: string, mediaId: string, limits: QuotaLimits): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(RESERVE_UPLOAD, [accountId, month, limits.uploads, limits.storageBytes, mediaId]);
    return rows.length > 0;
  }

  /** Gives back the reservation taken for `mediaId` if it is still held (never became a media row); idempotent. */
  async refundReservation(mediaId: string): Promise<void> {
    await this.dataSource.query(REFUND_RESERVATION, [mediaId]);
  }

  /** Media ids of reservations taken before `before` that never became a media row, oldest first. */
  async findAbandonedReservations(before: Date, limit: number): Promise<string[]> {
    const rows: { media_id: string }[] = await this.dataSource.query(FIND_ABANDONED, [before, limit]);
    return rows.map((row) => row.media_id);
  }

  async read(accountId: string, month: string): Promise<UsageCounts> {
    const rows: { storage_used_bytes: string; variant_bytes: string; uploads_used: number }[] = await this.dataSource.query(READ_USAGE, [accountId, month]);
    return {
      uploadsUsed: Number(rows[0]?.uploads_used ?? 0),
      storageUsedBytes: Number(rows[0]?.storage_used_bytes ?? 0),
      variantBytes: Number(rows[0]?.variant_bytes ?? 0),
    };
  }
}
