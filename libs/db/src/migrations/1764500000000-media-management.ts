import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Media management: a `deleted` state (the media is gone for every reader while its objects are being
 * removed; a retry or the sweep finishes the job), and the indexes of the media list. The list reads one
 * account's ready media newest first by keyset on (created_at, id), so a page costs an index range scan
 * whatever the account's (or the table's) size; tag filters can use the GIN index instead.
 */
export class MediaManagement1764500000000 implements MigrationInterface {
  name = 'MediaManagement1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE media DROP CONSTRAINT media_status_check`);
    await db.query(`ALTER TABLE media ADD CONSTRAINT media_status_check CHECK (status IN ('processing', 'ready', 'failed', 'deleted'))`);
    await db.query(`ALTER TABLE media ADD COLUMN deleted_at timestamptz`);
    await db.query(`CREATE INDEX media_list_idx ON media (account_id, created_at DESC, id DESC) WHERE status = 'ready'`);
    await db.query(`CREATE INDEX media_list_namespace_idx ON media (account_id, namespace, created_at DESC, id DESC) WHERE status = 'ready'`);
    await db.query(`CREATE INDEX media_tags_idx ON media USING gin (tags) WHERE status = 'ready'`);
    await db.query(`CREATE INDEX media_deleted_idx ON media (deleted_at) WHERE status = 'deleted'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX media_deleted_idx`);
    await db.query(`DROP INDEX media_tags_idx`);
    await db.query(`DROP INDEX media_list_namespace_idx`);
    await db.query(`DROP INDEX media_list_idx`);
    await db.query(`DELETE FROM media WHERE status = 'deleted'`);
    await db.query(`ALTER TABLE media DROP COLUMN deleted_at`);
    await db.query(`ALTER TABLE media DROP CONSTRAINT media_status_check`);
    await db.query(`ALTER TABLE media ADD CONSTRAINT media_status_check CHECK (status IN ('processing', 'ready', 'failed'))`);
  }
}
