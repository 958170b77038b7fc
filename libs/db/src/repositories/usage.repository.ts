import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface UsageCounts {
  uploadsUsed: number;
  storageUsedBytes: number;
}

export interface QuotaLimits {
  uploads: number;
  storageBytes: number;
}

// One statement, so N gateways racing can never pass the limit: the upsert takes the month's row lock
// and re-checks the count under it. Storage is checked in the same statement.
const RESERVE_UPLOAD = `
  INSERT INTO usage_months (account_id, month, uploads_used)
  SELECT $1, $2::date, 1
  WHERE $3 > 0 AND (SELECT storage_used_bytes FROM accounts WHERE id = $1) < $4
  ON CONFLICT (account_id, month) DO UPDATE SET uploads_used = usage_months.uploads_used + 1
    WHERE usage_months.uploads_used < $3 AND (SELECT storage_used_bytes FROM accounts WHERE id = $1) < $4
  RETURNING uploads_used`;

const REFUND_UPLOAD = `
  UPDATE usage_months SET uploads_used = uploads_used - 1
  WHERE account_id = $1 AND month = $2::date AND uploads_used > 0`;

const READ_USAGE = `
  SELECT a.storage_used_bytes, COALESCE(u.uploads_used, 0) AS uploads_used
  FROM accounts a LEFT JOIN usage_months u ON u.account_id = a.id AND u.month = $2::date
  WHERE a.id = $1`;

/** Upload quota per account and UTC month (`month` is its first day, YYYY-MM-01), and stored bytes. */
@Injectable()
export class UsageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Takes one upload of the month's quota if both limits allow; false when either is reached. */
  async reserveUpload(accountId: string, month: string, limits: QuotaLimits): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(RESERVE_UPLOAD, [accountId, month, limits.uploads, limits.storageBytes]);
    return rows.length > 0;
  }

  /** Gives back a reservation that never became a media row (a request that failed before it). */
  async refundUpload(accountId: string, month: string): Promise<void> {
    await this.dataSource.query(REFUND_UPLOAD, [accountId, month]);
  }

  async read(accountId: string, month: string): Promise<UsageCounts> {
    const rows: { storage_used_bytes: string; uploads_used: number }[] = await this.dataSource.query(READ_USAGE, [accountId, month]);
    return { uploadsUsed: Number(rows[0]?.uploads_used ?? 0), storageUsedBytes: Number(rows[0]?.storage_used_bytes ?? 0) };
  }
}
