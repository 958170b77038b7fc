import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccountEntity } from '../entities/account.entity';
import { ApiKeyEntity, KeyAbility } from '../entities/api-key.entity';

export interface NewKey {
  id: string;
  name: string;
  keyHash: string;
  abilities: KeyAbility[];
}

@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Finds the account for an email or creates it, then adds the key, in one transaction. */
  async addKeyForEmail(email: string, key: NewKey): Promise<{ account: AccountEntity; key: ApiKeyEntity }> {
    return this.dataSource.transaction(async (manager) => {
      const account = await this.findOrCreate(manager, email);
      const row = manager.create(ApiKeyEntity, { ...key, accountId: account.id, revokedAt: null, lastUsedAt: null });
      await manager.insert(ApiKeyEntity, row);
      return { account, key: row };
    });
  }

  private async findOrCreate(manager: EntityManager, email: string): Promise<AccountEntity> {
    await manager.query(`INSERT INTO accounts (email) VALUES ($1) ON CONFLICT (email) DO NOTHING`, [email]);
    return manager.findOneByOrFail(AccountEntity, { email });
  }

  findByEmail(email: string): Promise<AccountEntity | null> {
    return this.dataSource.getRepository(AccountEntity).findOneBy({ email });
  }

  findById(id: string): Promise<AccountEntity | null> {
    return this.dataSource.getRepository(AccountEntity).findOneBy({ id });
  }
}
