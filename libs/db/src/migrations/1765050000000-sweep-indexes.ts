import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for queries that scanned a whole table: the sweeps of expired dashboard sessions and used sign-in
 * links (`WHERE expires_at <= now`, every run), and the look-up of a shared object's placeholder when a media
 * becomes ready on it without a decode (`media WHERE object_id = … AND status = 'ready'`, inside the
 * transaction holding the media's row lock).
 */
export class SweepIndexes1765050000000 implements MigrationInterface {
  name = 'SweepIndexes1765050000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX sessions_expires_at_idx ON sessions (expires_at)`);
    await db.query(`CREATE INDEX used_sign_in_links_expires_at_idx ON used_sign_in_links (expires_at)`);
await db.query(`CREATE INDEX media_ready_object_idx ON media (object_id) WHERE status = 'ready'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX media_ready_object_idx`);
    await db.query(`DROP INDEX used_sign_in_links_expires_at_idx`);
    await db.query(`DROP INDEX sessions_expires_at_idx`);
  }
}
