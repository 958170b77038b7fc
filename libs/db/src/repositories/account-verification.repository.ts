import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface VerifiedAccount {
  accountId: string;
  verifiedAt: Date;
  /** Media whose implicit (retention) expiry was lifted by this call. */
  clearedExpiries: number;
}

// One statement, so it is one transaction: the account becomes verified (verified_at is set once) and
// its media lose their implicit expiry. Expiries the caller chose (ttl) stay, and media already past
// their expiry stay expired.
const MARK_VERIFIED = `
  WITH verified AS (
    UPDATE accounts SET verified = true, verified_at = COALESCE(verified_at, CURRENT_TIMESTAMP)
    WHERE id = $1
    RETURNING id, verified_at
  ), cleared AS (
    UPDATE media m SET expires_at = NULL, updated_at = CURRENT_TIMESTAMP
    FROM verified v
    WHERE m.account_id = v.id AND m.expiry_explicit = false AND m.expires_at > CURRENT_TIMESTAMP
    RETURNING m.id
  )
  SELECT v.id, v.verified_at, (SELECT count(*) FROM cleared)::int AS cleared FROM verified v`;

@Injectable()
export class AccountVerificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Null when no account has this id. Safe to repeat. */
  async markVerified(accountId: string): Promise<VerifiedAccount | null> {
    const rows: { id: string; verified_at: Date; cleared: number }[] = await this.dataSource.query(MARK_VERIFIED, [accountId]);
    if (!rows.length) return null;
    return { accountId: rows[0].id, verifiedAt: rows[0].verified_at, clearedExpiries: rows[0].cleared };
  }
}
