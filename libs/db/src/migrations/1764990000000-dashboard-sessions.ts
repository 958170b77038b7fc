import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The owner's dashboard: sessions started by a mailed sign-in link (only the id's hash is stored, so a
 * read of this table signs nobody in), and the sign-in links already used (each works once).
 */
export class DashboardSessions1764990000000 implements MigrationInterface {
  name = 'DashboardSessions1764990000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sessions (
        id_hash text PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
        expires_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX sessions_account_id_idx ON sessions (account_id)`);
    await db.query(`CREATE TABLE used_sign_in_links (nonce text PRIMARY KEY, expires_at timestamptz NOT NULL)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE used_sign_in_links`);
    await db.query(`DROP TABLE sessions`);
  }
}
