import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key records (SPEC §3): one row per (scope, key), scope being the account or the anonymous
 * client's IP. `claim_id` names the request holding the key; `media_id` the media it creates, so a key
 * whose gateway died is freed as soon as that media is final. Kept 24 h from `created_at`, then swept.
 */
export class IdempotencyKeys1764987000000 implements MigrationInterface {
  name = 'IdempotencyKeys1764987000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        claim_id uuid NOT NULL,
        state text NOT NULL CHECK (state IN ('in_progress', 'done')),
        media_id text NOT NULL,
        fingerprint text,
        status integer,
        body jsonb,
        created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
        PRIMARY KEY (scope, key)
      )`);
    await db.query(`CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE idempotency_keys`);
  }
}
