import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AccountsRepository, AccountVerificationRepository, ApiKeyEntity, KeysRepository } from '@app/db';
import { readLink, VERIFY_PATH } from './account-links';
import { AccountMailer } from './account-mailer';

/** A key as the mailbox owner sees it on the verification page. */
export interface OwnedKey {
  keyId: string;
  name: string;
  status: ApiKeyEntity['status'];
  createdAt: Date;
  requestedIp: string | null;
}

export type VerifyLinkOutcome =
  | { kind: 'verified'; accountId: string; keys: OwnedKey[] }
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
    private readonly verification: AccountVerificationRepository,
    private readonly accounts: AccountsRepository,
    private readonly keys: KeysRepository,
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
    const account = await this.verification.markVerified(link.subject);
    if (!account) return { kind: 'invalid' };
    return { kind: 'verified', accountId: account.accountId, keys: await this.ownedKeys(account.accountId) };
  }

  /** The mailed link's Revoke button: the form carries the link itself, which names the account. */
  async revoke(query: Record<string, unknown>, keyId: unknown, now = new Date()): Promise<VerifyLinkOutcome> {
    const link = readLink(this.config, VERIFY_PATH, ['verify'], query, now);
    if (!link.ok || !UUID.test(link.subject)) return { kind: 'invalid' };
    if (typeof keyId === 'string') await this.keys.revoke(keyId, link.subject);
    return this.open(query, now);
  }

  private async ownedKeys(accountId: string): Promise<OwnedKey[]> {
    return (await this.keys.listForAccount(accountId))
      .filter((key) => !key.revokedAt)
      .map((key) => ({ keyId: key.id, name: key.name, status: key.status, createdAt: key.createdAt, requestedIp: key.requestedIp }));
  }
}
