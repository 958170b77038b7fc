import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AccountsRepository, KeysRepository } from '@app/db';
import { AccountWrites } from './account-writes';
import { readLink, VERIFY_PATH } from './account-links';
import { AccountMailer } from './account-mailer';
import { KeyChoice, KeyTakeBack, ownedKey, OwnedKey } from './key-take-back.service';

export type VerifyLinkOutcome =
  /** `toReview`: the keys made before the mailbox was proven (Keep or Revoke); `keys`: the account's other keys. */
  | { kind: 'verified'; accountId: string; toReview: OwnedKey[]; keys: OwnedKey[] }
  | { kind: 'mail-requested'; email: string; alreadyVerified: boolean }
  | { kind: 'invalid' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The two links on `/verify`. The mailed one (`verify`) proves the mailbox: it verifies the account and
 * lets its owner see and revoke every key. The one API errors hand out (`verify-request`) only sends the
 * verification mail (at most once per interval).
 */
@Injectable()
export class AccountVerificationService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accountWrites: AccountWrites,
    private readonly accounts: AccountsRepository,
    private readonly keys: KeysRepository,
    private readonly takeBack: KeyTakeBack,
    private readonly mailer: AccountMailer,
  ) {}

  async open(query: Record<string, unknown>, now = new Date()): Promise<VerifyLinkOutcome> {
    const link = readLink(this.config, VERIFY_PATH, ['verify', 'verify-request'], query, now);
    // Only this service signs these tokens, but a token that is no account id must not reach the database as one.
    if (!link.ok || !UUID.test(link.subject)) return { kind: 'invalid' };
    if (link.purpose === 'verify-request') {
      const account = await this.accounts.findById(link.subject);
      if (!account) return { kind: 'invalid' };
      if (!account.verified) await this.mailer.send('verification', account);
      return { kind: 'mail-requested', email: account.email, alreadyVerified: account.verified };
    }
    const account = await this.accountWrites.markVerified(link.subject);
    if (!account) return { kind: 'invalid' };
    const toReview = await this.takeBack.keysToReview(account.accountId);
    const others = (await this.keys.listForAccount(account.accountId)).filter((key) => !key.revokedAt && !toReview.some((review) => review.keyId === key.id));
    return { kind: 'verified', accountId: account.accountId, toReview, keys: others.map(ownedKey) };
  }

  /** The mailed page's Keep and Revoke buttons: the form carries the link itself, which names the account. */
  async decide(query: Record<string, unknown>, keyId: unknown, choice: KeyChoice, now = new Date()): Promise<VerifyLinkOutcome> {
    const link = readLink(this.config, VERIFY_PATH, ['verify'], query, now);
    if (!link.ok || !UUID.test(link.subject)) return { kind: 'invalid' };
    if (typeof keyId === 'string') await this.takeBack.decide(link.subject, keyId, choice);
    return this.open(query, now);
  }
}
