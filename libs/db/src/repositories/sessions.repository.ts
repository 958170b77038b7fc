import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountEntity } from '../entities/account.entity';

/** The dashboard's sessions (by the hash of their id) and the sign-in links already used. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** True for the first use of a sign-in link's nonce only, whichever gateway is asked. */
  async useSignInLink(nonce: string, expiresAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO used_sign_in_links (nonce, expires_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING RETURNING nonce`,
      [nonce, expiresAt],
    );
    return rows.length > 0;
  }

  async start(idHash: string, accountId: string, lifetimeSeconds: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sessions (id_hash, account_id, expires_at) VALUES ($1, $2, CURRENT_TIMESTAMP + make_interval(secs => $3))`,
      [idHash, accountId, lifetimeSeconds],
    );
  }

  /** The account of a session that has not expired, else null. */
  async accountOf(idHash: string): Promise<AccountEntity | null> {
    return this.dataSource
      .getRepository(AccountEntity)
      .createQueryBuilder('account')
      .innerJoin('sessions', 'session', 'session.account_id = account.id')
      .where('session.id_hash = :idHash AND session.expires_at > CURRENT_TIMESTAMP', { idHash })
      .getOne();
  }

  async end(idHash: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM sessions WHERE id_hash = $1`, [idHash]);
  }

  /** Ends every session of the account; how many there were. */
  async endAll(accountId: string): Promise<number> {
    const [, count]: [unknown[], number] = await this.dataSource.query(`DELETE FROM sessions WHERE account_id = $1`, [accountId]);
    return count;
  }

  /**
   * Forgets at most `limit` expired sessions and `limit` used sign-in links whose link has expired anyway
   * (nothing can use either again); how many of each went.
   */
  async deleteExpired(limit: number): Promise<{ sessions: number; signInLinks: number }> {
    const [, sessions]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM sessions WHERE id_hash IN (SELECT id_hash FROM sessions WHERE expires_at <= CURRENT_TIMESTAMP LIMIT $1)`,
      [limit],
    );
    const [, signInLinks]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM used_sign_in_links WHERE nonce IN (SELECT nonce FROM used_sign_in_links WHERE expires_at <= CURRENT_TIMESTAMP LIMIT $1)`,
      [limit],
    );
    return { sessions, signInLinks };
  }
}
