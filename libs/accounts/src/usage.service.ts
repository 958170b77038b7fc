import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Plan, planFor, storageLimitBytes, UNVERIFIED_RETENTION_DAYS } from '@app/config';
import { UsageCounts, UsageRepository } from '@app/db';
import type { ApiError, UsageInfo } from '@app/errors';
import { LimitedAccount, QuotaKind, quotaExceeded } from './limit-errors';
import { nextUtcMonthStart, utcMonthOf } from './utc-month';

/** One upload taken from an account's month for one media id; given back if that media is never created. */
export interface UploadReservation {
  accountId: string;
  month: string;
  mediaId: string;
}

export interface UsageReport {
  plan: string;
  verified: boolean;
  uploads_used: number;
  uploads_limit: number;
  storage_used_bytes: number;
  storage_limit_bytes: number;
  /** Stored delivery variants' bytes: a cache anyone's requests fill, so never counted against storage_limit_bytes. */
  variant_bytes: number;
  resets_at: number;
  limits: { uploads: number; storage_mb: number; retention_days: number | null };
}

/** Monthly upload and storage quotas: reserve (atomically, in the database), refund, report. */
@Injectable()
export class UsageService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly usage: UsageRepository,
  ) {}

  /**
   * Takes one upload of this month's quota for `mediaId`, or answers quota_exceeded with the documented
   * action and usage. Should the answer be lost, `refund` by the same id is safe: it gives back only what was taken.
   */
  async reserveUpload(account: LimitedAccount, mediaId: string, now = new Date()): Promise<UploadReservation> {
    const plan = planFor(account.plan);
    const month = utcMonthOf(now);
    if (await this.usage.reserveUpload(account.id, month, mediaId, { uploads: plan.uploadsPerMonth, storageBytes: storageLimitBytes(plan) })) {
      return { accountId: account.id, month, mediaId };
    }
    throw await this.exceeded(account, now, (counts) => (counts.uploadsUsed >= plan.uploadsPerMonth ? 'uploads' : 'storage'));
  }

  /** The quota_exceeded answer for a media whose bytes did not fit the account's storage, with the usage as it is now. */
  storageExceeded(account: LimitedAccount, now = new Date()): Promise<ApiError> {
    return this.exceeded(account, now, () => 'storage');
  }

  private async exceeded(account: LimitedAccount, now: Date, kindOf: (counts: UsageCounts) => QuotaKind): Promise<ApiError> {
    const plan = planFor(account.plan);
    const counts = await this.usage.read(account.id, utcMonthOf(now));
    return quotaExceeded(this.config, account, kindOf(counts), usageInfo(plan, counts, now));
  }

  /** Gives back the upload reserved for this media id unless its media row took it over; repeating it is harmless. */
  async refund(mediaId: string): Promise<void> {
    await this.usage.refundReservation(mediaId);
  }

  async report(account: LimitedAccount, now = new Date()): Promise<UsageReport> {
    const plan = planFor(account.plan);
    const counts = await this.usage.read(account.id, utcMonthOf(now));
    return {
      ...usageInfo(plan, counts, now),
      verified: account.verified,
      variant_bytes: counts.variantBytes,
      limits: planLimits(plan, account.verified),
    } as UsageReport;
  }
}

/** What a key's owner is promised: uploads a month, storage, and how long media are kept (null = forever). */
export function planLimits(plan: Plan, verified: boolean): UsageReport['limits'] {
  return { uploads: plan.uploadsPerMonth, storage_mb: plan.storageMb, retention_days: verified ? null : UNVERIFIED_RETENTION_DAYS };
}

function usageInfo(plan: Plan, counts: UsageCounts, now: Date): UsageInfo {
  return {
    plan: plan.name,
    uploads_used: counts.uploadsUsed,
    uploads_limit: plan.uploadsPerMonth,
    storage_used_bytes: counts.storageUsedBytes,
    storage_limit_bytes: storageLimitBytes(plan),
    resets_at: nextUtcMonthStart(now),
  };
}
