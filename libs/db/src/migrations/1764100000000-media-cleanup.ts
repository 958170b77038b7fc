import { MigrationInterface, QueryRunner } from 'typeorm';

/** When the objects of a failed media were removed: the sweeper retries until this is set. */
export class MediaCleanup1764100000000 implements MigrationInterface {
  name = 'MediaCleanup1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE media ADD COLUMN cleaned_at timestamptz`);
    await db.query(`CREATE INDEX media_failed_uncleaned_idx ON media (updated_at) WHERE status = 'failed' AND cleaned_at IS NULL`);
    await db.query(`CREATE INDEX media_processing_idx ON media (created_at) WHERE status = 'processing'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX media_processing_idx`);
    await db.query(`DROP INDEX media_failed_uncleaned_idx`);
    await db.query(`ALTER TABLE media DROP COLUMN cleaned_at`);
  }
}
