import { Injectable } from '@nestjs/common';
import { ApiKeyEntity, KeysRepository } from '@app/db';
import { CacheAnnouncer } from '@app/redis';

/** A key as the mailbox owner sees it when taking the account back. */
export interface OwnedKey {
  keyId: string;
  name: string;
  status: ApiKeyEntity['status'];
  createdAt: Date;
  requestedIp: string | null;
}

export const ownedKey = (key: ApiKeyEntity): OwnedKey => ({
  keyId: key.id,
  name: key.name,
  status: key.status,
  createdAt: key.createdAt,
  requestedIp: key.requestedIp,
});

export type KeyChoice = 'keep' | 'revoke';

/** A form's `choice`; a form without one revokes (the verification page's Revoke buttons before Keep existed). */
export function parseKeyChoice(value: unknown): KeyChoice | undefined {
  if (value === undefined || value === 'revoke') return 'revoke';
  return value === 'keep' ? 'keep' : undefined;
}

/**
 * Taking an account back. Whoever registered an address first got a working key before the mailbox was
 * proven; verifying would quietly make that key permanent. So both places where the mailbox is proven (the
 * mailed verification page, the dashboard after a sign-in) ask the owner about every such key, Keep or
 * Revoke, until each is answered.
 */
@Injectable()
export class KeyTakeBack {
  constructor(
    private readonly keys: KeysRepository,
    private readonly announcer: CacheAnnouncer,
  ) {}

  /** Active keys created before the account was verified that the owner has not answered for yet, oldest first. */
  async keysToReview(accountId: string): Promise<OwnedKey[]> {
    return (await this.keys.listUnkeptBeforeVerification(accountId)).map(ownedKey);
  }

  /** The owner's answer for one key of their account; false when the account has no such key. */
  async decide(accountId: string, keyId: string, choice: KeyChoice): Promise<boolean> {
    if (choice === 'keep') return this.keys.keep(keyId, accountId);
    const revoked = await this.keys.revoke(keyId, accountId);
    if (revoked) await this.announcer.announce({ key: keyId });
    return revoked;
  }
}
