import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Knowing an email is not owning its account: a key requested for an existing account is `pending` until
 * the owner approves it from the mailed link, and records the IP that asked for it. The accounts remember
 * when their last approval and verification mails went out, so each is sent at most once per interval
 * whoever asks and whichever gateway answers.
 */
export class KeyApproval1764800000000 implements MigrationInterface {
  name = 'KeyApproval1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE api_keys ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending'))`);
    await db.query(`ALTER TABLE api_keys ADD COLUMN requested_ip text`);
    await db.query(`CREATE INDEX api_keys_pending_created_at_idx ON api_keys (created_at) WHERE status = 'pending'`);
    await db.query(`ALTER TABLE accounts ADD COLUMN approval_mail_sent_at timestamptz`);
    await db.query(`ALTER TABLE accounts ADD COLUMN verification_mail_sent_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE accounts DROP COLUMN verification_mail_sent_at`);
    await db.query(`ALTER TABLE accounts DROP COLUMN approval_mail_sent_at`);
    await db.query(`DROP INDEX api_keys_pending_created_at_idx`);
    await db.query(`ALTER TABLE api_keys DROP COLUMN requested_ip`);
    await db.query(`ALTER TABLE api_keys DROP COLUMN status`);
  }
}
