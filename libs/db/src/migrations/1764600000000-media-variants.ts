import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery variants, one row per stored variant object: its bytes count toward the account's storage
 * from the statement that records it until the media is deleted (which frees them with the original's).
 * The primary key makes a re-run of a variant job count its bytes once.
 */
export class MediaVariants1764600000000 implements MigrationInterface {
  name = 'MediaVariants1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE media_variants (
        media_id text NOT NULL REFERENCES media (id) ON DELETE CASCADE,
        key text NOT NULL,
        bytes bigint NOT NULL CHECK (bytes >= 0),
        created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
        PRIMARY KEY (media_id, key)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE media_variants`);
  }
}
