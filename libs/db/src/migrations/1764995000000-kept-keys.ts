import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Taking an account back: an active key created before the account's mailbox was proven is shown to the
 * owner (on the mailed verification page and at sign-in) until they keep or revoke it; `kept_at` records
 * Keep. Existing keys start unkept, so owners verified before this release see theirs once too.
 */
export class KeptKeys1764995000000 implements MigrationInterface {
  name = 'KeptKeys1764995000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE api_keys ADD COLUMN kept_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE api_keys DROP COLUMN kept_at`);
  }
}
