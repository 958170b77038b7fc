import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quotas: uploads counted per account and UTC month (one row each, reserved by one conditional upsert),
 * stored bytes kept on the account, and the month a media's upload was reserved in, so a failure can
 * give exactly that reservation back, once.
 */
export class AccountsAndLimits1764200000000 implements MigrationInterface {
  name = 'AccountsAndLimits1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE accounts ADD COLUMN storage_used_bytes bigint NOT NULL DEFAULT 0`);
    await db.query(`
      CREATE TABLE usage_months (
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        month date NOT NULL,
        uploads_used integer NOT NULL DEFAULT 0 CHECK (uploads_used >= 0),
        PRIMARY KEY (account_id, month)
      )`);
    await db.query(`ALTER TABLE media ADD COLUMN reserved_month date`);
    await db.query(`CREATE INDEX api_keys_active_account_idx ON api_keys (account_id) WHERE revoked_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX api_keys_active_account_idx`);
    await db.query(`ALTER TABLE media DROP COLUMN reserved_month`);
    await db.query(`DROP TABLE usage_months`);
    await db.query(`ALTER TABLE accounts DROP COLUMN storage_used_bytes`);
  }
}
