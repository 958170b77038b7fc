import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dedup within an account: one `stored_objects` row per stored original (and the variants rendered from it),
 * keyed by the storage id its keys are named after (`originals/{id}.{ext}`, `variants/{id}/…`: the id of the
 * media that stored it). `refs` counts the ready media pointing at it (`media.object_id`); the bytes count
 * against the account's storage while it is above 0, and go once it drops to 0. At most one live object per
 * account and sha256, so a second upload of the same bytes finds the first one's object.
 *
 * Existing ready media each get their own object (refs 1); of several already holding the same sha256 in one
 * account, the oldest becomes the one new uploads share. Variants move from the media to the object (those of
 * media already deleted were freed then and are dropped).
 */
export class StoredObjects1765040000000 implements MigrationInterface {
  name = 'StoredObjects1765040000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE stored_objects (
        id text PRIMARY KEY,
        account_id uuid,
        sha256 text,
        format text NOT NULL,
        ext text NOT NULL,
        content_type text NOT NULL,
        width integer,
        height integer,
        filesize bigint NOT NULL,
        refs integer NOT NULL CHECK (refs >= 0),
        created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
      )`);
    await db.query(`
      CREATE UNIQUE INDEX stored_objects_live_sha256_idx ON stored_objects (account_id, sha256)
      WHERE refs > 0 AND sha256 IS NOT NULL AND account_id IS NOT NULL`);
    await db.query(`ALTER TABLE media ADD COLUMN object_id text`);
    await db.query(`
      INSERT INTO stored_objects (id, account_id, sha256, format, ext, content_type, width, height, filesize, refs, created_at)
      SELECT id, account_id,
             CASE WHEN row_number() OVER (PARTITION BY account_id, sha256 ORDER BY created_at, id) = 1 THEN sha256 END,
             format, ext, content_type, width, height, filesize, 1, created_at
      FROM media WHERE status = 'ready' AND filesize IS NOT NULL AND ext IS NOT NULL AND format IS NOT NULL AND content_type IS NOT NULL`);
    await db.query(`UPDATE media SET object_id = id WHERE id IN (SELECT id FROM stored_objects)`);
    await db.query(`DELETE FROM media_variants v WHERE NOT EXISTS (SELECT 1 FROM stored_objects o WHERE o.id = v.media_id)`);
    await db.query(`ALTER TABLE media_variants DROP CONSTRAINT media_variants_media_id_fkey`);
    await db.query(`ALTER TABLE media_variants RENAME COLUMN media_id TO object_id`);
    await db.query(`
      ALTER TABLE media_variants ADD CONSTRAINT media_variants_object_id_fkey
      FOREIGN KEY (object_id) REFERENCES stored_objects (id) ON DELETE CASCADE`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE media_variants DROP CONSTRAINT media_variants_object_id_fkey`);
    await db.query(`ALTER TABLE media_variants RENAME COLUMN object_id TO media_id`);
    await db.query(`DELETE FROM media_variants v WHERE NOT EXISTS (SELECT 1 FROM media m WHERE m.id = v.media_id)`);
    await db.query(`
      ALTER TABLE media_variants ADD CONSTRAINT media_variants_media_id_fkey
      FOREIGN KEY (media_id) REFERENCES media (id) ON DELETE CASCADE`);
    await db.query(`ALTER TABLE media DROP COLUMN object_id`);
    await db.query(`DROP TABLE stored_objects`);
  }
}
