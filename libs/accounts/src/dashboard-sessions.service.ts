import { createHash, randomBytes } from 'crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AccountEntity, AccountsRepository, SessionsRepository } from '@app/db';
import { readSignInLink } from './account-links';
import { AccountWrites } from './account-writes';
import { isValidEmail, normaliseEmail } from './email-address';

export const SESSION_LIFETIME_SECONDS = 7 * 86400;

export type SignInOutcome = { kind: 'invalid' } | { kind: 'used' } | { kind: 'signed-in'; sessionId: string; account: AccountEntity };

/** Only the hash of a session id is stored: the table alone signs nobody in. */
const hashOf = (sessionId: string) => createHash('sha256').update(sessionId).digest('base64url');

/**
 * The owner's sessions. A mailed sign-in link (single use) proves the mailbox: confirming it creates the
 * account when there is none, marks it verified and starts a session of SESSION_LIFETIME_SECONDS.
 */
@Injectable()
export class DashboardSessions {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsRepository,
    private readonly accounts: AccountsRepository,
    private readonly accountWrites: AccountWrites,
  ) {}

  /** Whether the link on the confirm page is one that can still sign in (used once: no). */
  linkIsValid(query: Record<string, unknown>): boolean {
    return readSignInLink(this.config, query) !== undefined;
  }

  async confirm(query: Record<string, unknown>): Promise<SignInOutcome> {
    const link = readSignInLink(this.config, query);
    const email = link && normaliseEmail(link.email);
    if (!link || !email || !isValidEmail(email)) return { kind: 'invalid' };
    if (!(await this.sessions.useSignInLink(link.nonce, link.expiresAt))) return { kind: 'used' };
    const created = await this.accounts.findOrCreate(email);
    await this.accountWrites.markVerified(created.id);
    const sessionId = randomBytes(32).toString('base64url');
    await this.sessions.start(hashOf(sessionId), created.id, SESSION_LIFETIME_SECONDS);
    return { kind: 'signed-in', sessionId, account: { ...created, verified: true } };
  }

  /** The signed-in account, or null for an unknown, altered, ended or expired session id. */
  accountOf(sessionId: string): Promise<AccountEntity | null> {
    return this.sessions.accountOf(hashOf(sessionId));
  }

  signOut(sessionId: string): Promise<void> {
    return this.sessions.end(hashOf(sessionId));
  }
}
