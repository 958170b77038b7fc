import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ApiKeyEntity, KeysRepository } from '@app/db';
import { APPROVE_KEY_PATH, readLink } from './account-links';
import { KeysService } from './keys.service';

export type ApprovalDecision = 'approve' | 'deny';

/** What the approval page shows; `key` is absent when the request no longer waits (denied, expired, revoked). */
export type ApprovalView =
  | { kind: 'invalid' }
  | { kind: 'gone' }
  | { kind: 'request'; key: ApiKeyEntity; email: string };

export type ApprovalResult = { kind: 'invalid' } | { kind: 'gone' } | { kind: 'approved' | 'already_approved' | 'denied' | 'key_cap'; keyName: string };

/**
 * The owner's answer to a pending key, through the signed link of the approval mail (`approve-key`). The
 * link is the only credential: the page's forms post it back, so it protects them as a CSRF token would,
 * and nothing changes on a GET (a mail scanner opening the link approves nothing).
 */
@Injectable()
export class KeyApprovalService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: KeysService,
    private readonly keyRows: KeysRepository,
  ) {}

  async view(link: Record<string, unknown>): Promise<ApprovalView> {
    const keyId = this.keyIdOf(link);
    if (!keyId) return { kind: 'invalid' };
    const key = await this.keyRows.findRequested(keyId);
    return key?.account ? { kind: 'request', key, email: key.account.email } : { kind: 'gone' };
  }

  async decide(link: Record<string, unknown>, decision: unknown): Promise<ApprovalResult> {
    const keyId = this.keyIdOf(link);
    if (!keyId || (decision !== 'approve' && decision !== 'deny')) return { kind: 'invalid' };
    const key = await this.keyRows.findRequested(keyId);
    if (!key) return { kind: 'gone' };
    if (decision === 'deny') {
      if (key.status === 'active') return { kind: 'already_approved', keyName: key.name };
      return (await this.keys.deny(keyId)) ? { kind: 'denied', keyName: key.name } : { kind: 'gone' };
    }
    const outcome = await this.keys.approve(keyId);
    if (outcome === 'gone') return { kind: 'gone' };
    return { kind: outcome === 'refused' ? 'key_cap' : outcome, keyName: key.name };
  }

  private keyIdOf(link: Record<string, unknown>): string | undefined {
    const check = readLink(this.config, APPROVE_KEY_PATH, ['approve-key'], link);
    return check.ok && /^key_[a-z0-9]{6}$/.test(check.subject) ? check.subject : undefined;
  }
}
