import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountEntity } from '../entities/account.entity';
import { ApiKeyEntity } from '../entities/api-key.entity';
import { PENDING_KEY_TTL_SECONDS } from './accounts.repository';

export type ApprovalOutcome = 'approved' | 'already_approved' | 'refused' | 'gone';

export interface ActiveKey {
  key: ApiKeyEntity;
  account: AccountEntity;
}

interface ActiveKeyRow {
  id: string;
  account_id: string;
  name: string;
  key_hash: string;
  abilities: ApiKeyEntity['abilities'];
  status: ApiKeyEntity['status'];
  requested_ip: string | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  created_at: Date;
  a_email: string;
  a_verified: boolean;
  a_verified_at: Date | null;
  a_plan: string;
  a_agent_policy: AccountEntity['agentPolicy'];
  a_created_at: Date;
}

// Runs on every keyed request: one plain query (findOne with a relation costs two, plus query building).
const FIND_ACTIVE_BY_HASH = `
  SELECT k.id, k.account_id, k.name, k.key_hash, k.abilities, k.status, k.requested_ip, k.revoked_at, k.last_used_at, k.created_at,
         a.email AS a_email, a.verified AS a_verified, a.verified_at AS a_verified_at, a.plan AS a_plan,
         a.agent_policy AS a_agent_policy, a.created_at AS a_created_at
  FROM api_keys k JOIN accounts a ON a.id = k.account_id
  WHERE k.key_hash = $1 AND k.revoked_at IS NULL
  LIMIT 1`;

@Injectable()
export class KeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findActiveByHash(keyHash: string): Promise<ActiveKey | null> {
    const rows: ActiveKeyRow[] = await this.dataSource.query(FIND_ACTIVE_BY_HASH, [keyHash]);
    if (!rows.length) return null;
    const row = rows[0];
    const account = Object.assign(new AccountEntity(), {
      id: row.account_id,
      email: row.a_email,
      verified: row.a_verified,
      verifiedAt: row.a_verified_at,
      plan: row.a_plan,
      agentPolicy: row.a_agent_policy,
      createdAt: row.a_created_at,
    });
    const key = Object.assign(new ApiKeyEntity(), {
      id: row.id,
      accountId: row.account_id,
      account,
      name: row.name,
      keyHash: row.key_hash,
      abilities: row.abilities,
      status: row.status,
      requestedIp: row.requested_ip,
      revokedAt: row.revoked_at,
      lastUsedAt: row.last_used_at,
      createdAt: row.created_at,
    });
    return { key, account };
  }

  /** A key as its approval page shows it: pending (within its approval time) or already active, with its account. */
  async findRequested(keyId: string): Promise<ApiKeyEntity | null> {
    const key = await this.dataSource.getRepository(ApiKeyEntity).findOne({ where: { id: keyId }, relations: { account: true } });
    if (!key || key.revokedAt) return null;
    if (key.status === 'pending' && key.createdAt.getTime() + PENDING_KEY_TTL_SECONDS * 1000 <= Date.now()) return null;
    return key;
  }

  /**
   * Approves a pending key: with the account row locked (as key creation locks it), so `admit` sees counts
   * no concurrent approval or creation can change before the update. `admit` refuses by returning false.
   */
  async approve(keyId: string, admit: (account: AccountEntity, activeKeys: number) => boolean): Promise<ApprovalOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const [key]: { account_id: string; status: string }[] = await manager.query(
        `SELECT account_id, status FROM api_keys WHERE id = $1 AND revoked_at IS NULL
           AND (status = 'active' OR created_at > CURRENT_TIMESTAMP - make_interval(secs => ${PENDING_KEY_TTL_SECONDS}))`,
        [keyId],
      );
      if (!key) return 'gone';
      const account = await manager.findOneOrFail(AccountEntity, { where: { id: key.account_id }, lock: { mode: 'pessimistic_write' } });
      const [row]: { status: string }[] = await manager.query(`SELECT status FROM api_keys WHERE id = $1 FOR UPDATE`, [keyId]);
      if (!row) return 'gone';
      if (row.status === 'active') return 'already_approved';
      const [{ n }]: { n: number }[] = await manager.query(
        `SELECT count(*)::int AS n FROM api_keys WHERE account_id = $1 AND status = 'active' AND revoked_at IS NULL`,
        [account.id],
      );
      if (!admit(account, n)) return 'refused';
      await manager.query(`UPDATE api_keys SET status = 'active' WHERE id = $1`, [keyId]);
      return 'approved';
    });
  }

  /** Removes a pending key (the owner said no); false when no such key waits. */
  async deny(keyId: string): Promise<boolean> {
    const [, affected]: [unknown[], number] = await this.dataSource.query(`DELETE FROM api_keys WHERE id = $1 AND status = 'pending'`, [keyId]);
    return affected > 0;
  }

  /** Removes pending keys older than their approval time; how many went. */
  async deleteExpiredPending(limit: number): Promise<number> {
    const [, affected]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM api_keys WHERE id IN (
         SELECT id FROM api_keys
         WHERE status = 'pending' AND created_at <= CURRENT_TIMESTAMP - make_interval(secs => ${PENDING_KEY_TTL_SECONDS})
         LIMIT $1)`,
      [limit],
    );
    return affected;
  }

  /** The account's keys, revoked ones too, newest first. */
  listForAccount(accountId: string): Promise<ApiKeyEntity[]> {
    return this.dataSource.getRepository(ApiKeyEntity).find({ where: { accountId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /**
   * Active keys the account had before its mailbox was proven (created up to its first verification) that
   * its owner has neither kept nor revoked, oldest first: someone who knew only the address may have made them.
   */
  listUnkeptBeforeVerification(accountId: string): Promise<ApiKeyEntity[]> {
    return this.dataSource
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('key')
      .innerJoin('key.account', 'account')
      .where('key.account_id = :accountId', { accountId })
      .andWhere(`key.status = 'active' AND key.revoked_at IS NULL AND key.kept_at IS NULL`)
      .andWhere('account.verified_at IS NOT NULL AND key.created_at <= account.verified_at')
      .orderBy('key.created_at', 'ASC')
      .addOrderBy('key.id', 'ASC')
      .getMany();
  }

  /** The owner keeps this active key of theirs; false when the account has no such key. Repeating it is harmless. */
  async keep(keyId: string, accountId: string): Promise<boolean> {
    const [, affected]: [unknown[], number] = await this.dataSource.query(
      `UPDATE api_keys SET kept_at = COALESCE(kept_at, CURRENT_TIMESTAMP)
       WHERE id = $1 AND account_id = $2 AND status = 'active' AND revoked_at IS NULL`,
      [keyId, accountId],
    );
    return affected > 0;
  }

  /**
   * Revokes the key (only if it belongs to `accountId`, when given). True when such a key exists, also
   * when it was revoked already: revoking twice is harmless.
   */
  async revoke(keyId: string, accountId?: string): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [, affected]: [unknown[], number] = await this.dataSource.query(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, CURRENT_TIMESTAMP)
       WHERE id = $1 AND ($2::uuid IS NULL OR account_id = $2::uuid)`,
      [keyId, accountId ?? null],
    );
    return affected > 0;
  }

  /** Records a use; never moves the time backwards (two gateways may write out of order). */
  async touchLastUsed(keyId: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)`, [keyId, at]);
  }
}
