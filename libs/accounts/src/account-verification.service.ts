import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AccountVerificationRepository, VerifiedAccount } from '@app/db';
import { VERIFY_PATH } from './account-links';
import { checkSignedLink } from './signed-link';

export type VerificationOutcome = { ok: true; account: VerifiedAccount } | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'unknown_account' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A click on a verification link: a valid one verifies its account, which makes its media permanent. */
@Injectable()
export class AccountVerificationService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly verification: AccountVerificationRepository,
  ) {}

  async verifyFromLink(query: Record<string, unknown>, now = new Date()): Promise<VerificationOutcome> {
    const link = checkSignedLink(this.config.signingSecret, VERIFY_PATH, query, now);
    if (!link.ok) return link;
    // Only this service signs these tokens, but a token that is no account id must not reach the database as one.
    if (!UUID.test(link.token)) return { ok: false, reason: 'unknown_account' };
    const account = await this.verification.markVerified(link.token);
    return account ? { ok: true, account } : { ok: false, reason: 'unknown_account' };
  }
}
