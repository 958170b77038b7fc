import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccountEntity, AgentPolicy } from '../entities/account.entity';
import { ApiKeyEntity, KeyAbility } from '../entities/api-key.entity';

export interface NewKey {
  id: string;
  name: string;
  keyHash: string;
  abilities: KeyAbility[];
}

/** What a rule about adding a key may look at: the account (locked) and how many keys it holds now. */
export interface KeyHolder {
  account: AccountEntity;
  activeKeys: number;
}

export interface AccountChanges {
  plan?: string;
  agentPolicy?: AgentPolicy;
}

const COUNT_ACTIVE_KEYS = `SELECT count(*)::int AS n FROM api_keys WHERE account_id = $1 AND revoked_at IS NULL`;

@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Finds the account for an email or creates it, locks its row, lets `admit` refuse (by throwing), then
   * adds the key, all in one transaction: concurrent requests for one account take turns, so the count
   * `admit` sees cannot change before the insert. A refusal rolls back an account created for it.
   */
  async addKeyForEmail(email: string, key: NewKey, admit?: (holder: KeyHolder) => void): Promise<{ account: AccountEntity; key: ApiKeyEntity }> {
    return this.dataSource.transaction(async (manager) => {
      const account = await this.findOrCreateLocked(manager, email);
      if (admit) {
        const [{ n }]: { n: number }[] = await manager.query(COUNT_ACTIVE_KEYS, [account.id]);
        admit({ account, activeKeys: n });
      }
      const row = manager.create(ApiKeyEntity, { ...key, accountId: account.id, revokedAt: null, lastUsedAt: null });
      await manager.insert(ApiKeyEntity, row);
      return { account, key: row };
    });
  }

  private async findOrCreateLocked(manager: EntityManager, email: string): Promise<AccountEntity> {
    await manager.query(`INSERT INTO accounts (email) VALUES ($1) ON CONFLICT (email) DO NOTHING`, [email]);
    return manager.findOneOrFail(AccountEntity, { where: { email }, lock: { mode: 'pessimistic_write' } });
  }

  findByEmail(email: string): Promise<AccountEntity | null> {
    return this.dataSource.getRepository(AccountEntity).findOneBy({ email });
  }

  findById(id: string): Promise<AccountEntity | null> {
    return this.dataSource.getRepository(AccountEntity).findOneBy({ id });
  }

  /** Applies the changes given (plan, agent policy); false when no account has this id. */
  async update(id: string, changes: AccountChanges): Promise<boolean> {
    const values: Partial<AccountEntity> = {};
    if (changes.plan !== undefined) values.plan = changes.plan;
    if (changes.agentPolicy !== undefined) values.agentPolicy = changes.agentPolicy;
    if (!Object.keys(values).length) return (await this.findById(id)) !== null;
    const result = await this.dataSource.getRepository(AccountEntity).update({ id }, values);
    return (result.affected ?? 0) > 0;
  }
}
