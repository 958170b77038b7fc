import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SHA-256 of a media's bytes as uploaded or fetched (hex), computed while they stream into staging; null
 * for media that predate it until the backfill fills them. Indexed per account: `GET /v1/media?sha256=` and
 * the dedup of identical uploads look a hash up within one account.
 */
export class MediaSha2561765010000000 implements MigrationInterface {
  name = 'MediaSha2561765010000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE media ADD COLUMN sha256 text`);
    await db.query(`CREATE INDEX media_account_sha256_idx ON media (account_id, sha256) WHERE sha256 IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX media_account_sha256_idx`);
    await db.query(`ALTER TABLE media DROP COLUMN sha256`);
  }
}
