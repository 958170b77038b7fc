import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { AccountEntity } from '../entities/account.entity';
import { ApiKeyEntity } from '../entities/api-key.entity';

export interface ActiveKey {
  key: ApiKeyEntity;
  account: AccountEntity;
}

@Injectable()
export class KeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findActiveByHash(keyHash: string): Promise<ActiveKey | null> {
    const key = await this.dataSource.getRepository(ApiKeyEntity).findOne({
      where: { keyHash, revokedAt: IsNull() },
      relations: { account: true },
    });
    if (!key || !key.account) return null;
    return { key, account: key.account };
  }

  async revoke(keyId: string): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(ApiKeyEntity)
      .update({ id: keyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }
}
