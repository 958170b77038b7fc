import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AccountEntity, AccountsRepository, AgentPolicy, ApiKeyEntity, KeyAbility, KeyAdmission, KeysRepository, PENDING_KEY_TTL_SECONDS } from '@app/db';
import { notFound } from '@app/errors';
import { CacheAnnouncer } from '@app/redis';
import { AccountWrites } from './account-writes';
import { generateKeyId, generateKeySecret, hashKeySecret } from './key-secrets';
import { KeySummary, summariseKey } from './key-summary';
import { keyLimitReached, pendingKeysRateLimited, registrationClosed } from './limit-errors';

export const UNVERIFIED_KEY_CAP = 3;
/** A stranger who knows an email can make the owner wait for at most this many requests at a time. */
export const PENDING_KEY_CAP = 3;
export const ALL_ABILITIES: readonly KeyAbility[] = ['read', 'write'];
const UNIQUE_VIOLATION = '23505';

export interface IssuedKey {
  /** Shown once; only its hash is stored. */
  secret: string;
  key: ApiKeyEntity;
  account: AccountEntity;
}

export interface KeyRequest {
  email: string;
  name: string;
  abilities?: KeyAbility[];
  /** The client IP that asked, shown to the owner. */
  requestedIp?: string | null;
}

/** Keys: issuing (with the public rules or by an operator), listing and revoking. */
@Injectable()
export class KeysService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsRepository,
    private readonly keys: KeysRepository,
    private readonly accountWrites: AccountWrites,
    private readonly announcer: CacheAnnouncer,
  ) {}

  /**
   * `POST /v1/keys`. A new email gets its account and an active key. An existing account (whoever asks:
   * knowing an email is not owning it) gets a pending key, which works once the owner approves it. Refused
   * when the agent policy is closed, when an unverified account holds 3 active keys, and when 3 keys already
   * wait for approval (until the oldest of them expires).
   */
  register(request: Omit<KeyRequest, 'abilities'>, now = new Date()): Promise<IssuedKey> {
    return this.issueKey({ requestedIp: null, ...request, abilities: [...ALL_ABILITIES] }, ({ account, created, activeKeys, pendingKeys, oldestPendingAt }) => {
      if (account.agentPolicy === 'closed') throw registrationClosed(this.config);
      if (created) return 'active';
      if (!account.verified && activeKeys >= UNVERIFIED_KEY_CAP) throw keyLimitReached(this.config, account.id);
      if (pendingKeys >= PENDING_KEY_CAP) {
        const expiresAt = oldestPendingAt!.getTime() + PENDING_KEY_TTL_SECONDS * 1000;
        throw pendingKeysRateLimited(Math.max(1, Math.ceil((expiresAt - now.getTime()) / 1000)));
      }
      return 'pending';
    });
  }

  /**
   * The owner's Approve: the key becomes active, unless an unverified account already holds 3 active keys
   * (the same cap as creation, checked under the same lock).
   */
  async approve(keyId: string) {
    const outcome = await this.keys.approve(keyId, (account, activeKeys) => account.verified || activeKeys < UNVERIFIED_KEY_CAP);
    if (outcome === 'approved') await this.announcer.announce({ key: keyId });
    return outcome;
  }

  /** The owner's Deny: the pending key is removed. */
  async deny(keyId: string): Promise<boolean> {
    const denied = await this.keys.deny(keyId);
    if (denied) await this.announcer.announce({ key: keyId });
    return denied;
  }

  /** The owner's agent policy switch (the dashboard): whether `POST /v1/keys` may add keys to the account. */
  async setAgentPolicy(accountId: string, policy: AgentPolicy): Promise<void> {
    await this.accountWrites.update(accountId, { agentPolicy: policy });
  }

  /** Operators are bound by neither the agent policy nor the key cap. */
  issueByOperator(request: KeyRequest): Promise<IssuedKey> {
    return this.issueKey({ ...request, requestedIp: request.requestedIp ?? null, abilities: request.abilities ?? [...ALL_ABILITIES] });
  }

  async list(accountId: string): Promise<KeySummary[]> {
    return (await this.keys.listForAccount(accountId)).map(summariseKey);
  }

  /** Revokes one of the account's keys; another account's key is as unknown as a key that never existed. */
  async revokeOwn(accountId: string, keyId: string): Promise<void> {
    if (!(await this.keys.revoke(keyId, accountId))) throw notFound('Key not found');
    await this.announcer.announce({ key: keyId });
  }

  async revoke(keyId: string): Promise<void> {
    if (!(await this.keys.revoke(keyId))) throw notFound('Key not found');
    await this.announcer.announce({ key: keyId });
  }

  private async issueKey(request: Required<KeyRequest>, admit?: KeyAdmission): Promise<IssuedKey> {
    const secret = generateKeySecret();
    for (let attempt = 0; ; attempt++) {
      try {
        const { account, key } = await this.accounts.addKeyForEmail(
          request.email,
          { id: generateKeyId(), name: request.name, keyHash: hashKeySecret(secret), abilities: request.abilities, requestedIp: request.requestedIp },
          admit,
        );
        return { secret, key, account };
      } catch (error) {
        // A key id already taken (36^6 ids): draw another.
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 5) throw error;
      }
    }
  }
}
