import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccountEntity, AgentPolicy } from '../entities/account.entity';
import { ApiKeyEntity, KeyAbility, KeyStatus } from '../entities/api-key.entity';

export interface NewKey {
  id: string;
  name: string;
  keyHash: string;
  abilities: KeyAbility[];
  requestedIp?: string | null;
}

/** What a rule about adding a key may look at: the account (locked) and the keys it holds now. */
export interface KeyHolder {
  account: AccountEntity;
  /** The account did not exist before this request. */
  created: boolean;
  activeKeys: number;
  /** Pending keys still within their approval time. */
  pendingKeys: number;
  oldestPendingAt: Date | null;
}

/** Decides the new key's status, or refuses by throwing. */
export type KeyAdmission = (holder: KeyHolder) => KeyStatus;

/** A pending key not approved within this time is no longer approvable; the sweep removes it. */
export const PENDING_KEY_TTL_SECONDS = 86400;
export type MailKind = 'approval' | 'verification';
const MAIL_SENT_COLUMN: Record<MailKind, string> = { approval: 'approval_mail_sent_at', verification: 'verification_mail_sent_at' };

export interface AccountChanges {
  plan?: string;
  agentPolicy?: AgentPolicy;
}

const COUNT_KEYS = `
  SELECT count(*) FILTER (WHERE status = 'active')::int AS active,
         count(*) FILTER (WHERE status = 'pending')::int AS pending,
         min(created_at) FILTER (WHERE status = 'pending') AS oldest_pending
  FROM api_keys
  WHERE account_id = $1 AND revoked_at IS NULL
    AND (status = 'active' OR created_at > CURRENT_TIMESTAMP - make_interval(secs => ${PENDING_KEY_TTL_SECONDS}))`;

@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Finds the account for an email or creates it, locks its row, lets `admit` choose the key's status (or
   * refuse by throwing), then adds the key, all in one transaction: concurrent requests for one account take
   * turns, so the counts `admit` sees cannot change before the insert. A refusal rolls back an account
   * created for it. Without `admit` (operators) the key is active.
   */
  async addKeyForEmail(email: string, key: NewKey, admit?: KeyAdmission): Promise<{ account: AccountEntity; key: ApiKeyEntity }> {
    return this.dataSource.transaction(async (manager) => {
      const { account, created } = await this.findOrCreateLocked(manager, email);
      let status: KeyStatus = 'active';
      if (admit) {
        const [counts]: { active: number; pending: number; oldest_pending: Date | null }[] = await manager.query(COUNT_KEYS, [account.id]);
        status = admit({ account, created, activeKeys: counts.active, pendingKeys: counts.pending, oldestPendingAt: counts.oldest_pending });
      }
      const row = manager.create(ApiKeyEntity, { requestedIp: null, ...key, status, accountId: account.id, revokedAt: null, lastUsedAt: null });
      await manager.insert(ApiKeyEntity, row);
      return { account, key: row };
    });
  }

  /** A second request for a new email waits on the first one's insert, then finds the account it made. */
  private async findOrCreateLocked(manager: EntityManager, email: string): Promise<{ account: AccountEntity; created: boolean }> {
    const inserted: unknown[] = await manager.query(`INSERT INTO accounts (email) VALUES ($1) ON CONFLICT (email) DO NOTHING RETURNING id`, [email]);
    const account = await manager.findOneOrFail(AccountEntity, { where: { email }, lock: { mode: 'pessimistic_write' } });
    return { account, created: inserted.length > 0 };
  }

  /**
   * Takes the account's turn to be sent a mail of this kind: true for at most one caller per
   * `intervalSeconds`, whichever gateway asks (one conditional update).
   */
  async claimMail(accountId: string, kind: MailKind, intervalSeconds: number): Promise<boolean> {
    const column = MAIL_SENT_COLUMN[kind];
    const [rows]: [unknown[], number] = await this.dataSource.query(
      `UPDATE accounts SET ${column} = CURRENT_TIMESTAMP
       WHERE id = $1 AND (${column} IS NULL OR ${column} <= CURRENT_TIMESTAMP - make_interval(secs => $2))
       RETURNING id`,
      [accountId, intervalSeconds],
    );
    return rows.length > 0;
  }

  /** The account of this email, created (unverified, free) when there was none. */
  async findOrCreate(email: string): Promise<AccountEntity> {
    await this.dataSource.query(`INSERT INTO accounts (email) VALUES ($1) ON CONFLICT (email) DO NOTHING`, [email]);
    return this.dataSource.getRepository(AccountEntity).findOneByOrFail({ email });
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
