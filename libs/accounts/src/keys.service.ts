import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AccountEntity, AccountsRepository, ApiKeyEntity, KeyAbility, KeyHolder, KeysRepository } from '@app/db';
import { notFound } from '@app/errors';
import { generateKeyId, generateKeySecret, hashKeySecret } from './key-secrets';
import { KeySummary, summariseKey } from './key-summary';
import { keyLimitReached, registrationClosed } from './limit-errors';

export const UNVERIFIED_KEY_CAP = 3;
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
}

/** Keys: issuing (with the public rules or by an operator), listing and revoking. */
@Injectable()
export class KeysService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsRepository,
    private readonly keys: KeysRepository,
  ) {}

  /** `POST /v1/keys`: refused when the account's agent policy is closed, then when an unverified account holds 3 keys. */
  register(request: Omit<KeyRequest, 'abilities'>): Promise<IssuedKey> {
    return this.issueKey({ ...request, abilities: [...ALL_ABILITIES] }, ({ account, activeKeys }) => {
      if (account.agentPolicy === 'closed') throw registrationClosed(this.config);
      if (!account.verified && activeKeys >= UNVERIFIED_KEY_CAP) throw keyLimitReached(this.config, account.id);
    });
  }

  /** Operators are bound by neither the agent policy nor the key cap. */
  issueByOperator(request: KeyRequest): Promise<IssuedKey> {
    return this.issueKey({ ...request, abilities: request.abilities ?? [...ALL_ABILITIES] });
  }

  async list(accountId: string): Promise<KeySummary[]> {
    return (await this.keys.listForAccount(accountId)).map(summariseKey);
  }

  /** Revokes one of the account's keys; another account's key is as unknown as a key that never existed. */
  async revokeOwn(accountId: string, keyId: string): Promise<void> {
    if (!(await this.keys.revoke(keyId, accountId))) throw notFound('Key not found');
  }

  async revoke(keyId: string): Promise<void> {
    if (!(await this.keys.revoke(keyId))) throw notFound('Key not found');
  }

  private async issueKey(request: Required<KeyRequest>, admit?: (holder: KeyHolder) => void): Promise<IssuedKey> {
    const secret = generateKeySecret();
    for (let attempt = 0; ; attempt++) {
      try {
        const { account, key } = await this.accounts.addKeyForEmail(
          request.email,
          { id: generateKeyId(), name: request.name, keyHash: hashKeySecret(secret), abilities: request.abilities },
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
