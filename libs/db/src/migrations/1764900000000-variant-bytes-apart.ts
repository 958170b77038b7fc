import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Variants are a cache that anyone's requests fill, so their bytes no longer count against the owner's
 * storage limit: each account's `variant_bytes` holds them apart from `storage_used_bytes`. The bytes of
 * the variants already recorded for its ready media (the only ones counted and not yet freed) move over.
 */
export class VariantBytesApart1764900000000 implements MigrationInterface {
  name = 'VariantBytesApart1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE accounts ADD COLUMN variant_bytes bigint NOT NULL DEFAULT 0`);
    await db.query(`
      UPDATE accounts a
      SET variant_bytes = counted.bytes, storage_used_bytes = GREATEST(a.storage_used_bytes - counted.bytes, 0)
      FROM (
        SELECT m.account_id, sum(v.bytes) AS bytes
        FROM media_variants v JOIN media m ON m.id = v.media_id
        WHERE m.status = 'ready' AND m.account_id IS NOT NULL
        GROUP BY m.account_id
      ) counted
      WHERE a.id = counted.account_id`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE accounts SET storage_used_bytes = storage_used_bytes + variant_bytes`);
    await db.query(`ALTER TABLE accounts DROP COLUMN variant_bytes`);
  }
}
