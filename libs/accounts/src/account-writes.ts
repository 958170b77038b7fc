import { Injectable } from '@nestjs/common';
import { AccountChanges, AccountsRepository, AccountVerificationRepository, VerifiedAccount } from '@app/db';
import { CacheAnnouncer } from '@app/redis';

/**
 * The writes to an account that gateways may hold a cached copy of (a key's caller carries its account; its
 * media's delivery facts carry their expiry): each is announced on the invalidation channel once committed.
 */
@Injectable()
export class AccountWrites {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly verification: AccountVerificationRepository,
    private readonly announcer: CacheAnnouncer,
  ) {}

  /** Verifies the account and lifts its media's implicit expiries (one statement); null for no such account. */
  async markVerified(accountId: string): Promise<VerifiedAccount | null> {
    const verified = await this.verification.markVerified(accountId);
    if (verified) await this.announcer.announce({ account: accountId });
    return verified;
  }

  /** Plan and agent policy; false when no account has this id. */
  async update(accountId: string, changes: AccountChanges): Promise<boolean> {
    const updated = await this.accounts.update(accountId, changes);
    if (updated) await this.announcer.announce({ account: accountId });
    return updated;
  }
}
