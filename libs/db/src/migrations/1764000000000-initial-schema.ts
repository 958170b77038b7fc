import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE,
        verified boolean NOT NULL DEFAULT false,
        verified_at timestamptz,
        plan text NOT NULL DEFAULT 'free',
        agent_policy text NOT NULL DEFAULT 'open' CHECK (agent_policy IN ('open', 'closed')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE api_keys (
        id text PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        name text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        abilities text[] NOT NULL,
        revoked_at timestamptz,
        last_used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX api_keys_account_idx ON api_keys (account_id)`);
    await db.query(`
      CREATE TABLE media (
        id text PRIMARY KEY,
        account_id uuid REFERENCES accounts(id) ON DELETE SET NULL,
        status text NOT NULL CHECK (status IN ('processing', 'ready', 'failed')),
        source text NOT NULL CHECK (source IN ('upload', 'import')),
        name text NOT NULL,
        format text,
        ext text,
        content_type text,
        width integer,
        height integer,
        filesize bigint,
        tags text[] NOT NULL DEFAULT '{}',
        namespace text,
        is_public boolean NOT NULL DEFAULT true,
        date timestamptz,
        description text,
        expires_at timestamptz,
        expiry_explicit boolean NOT NULL DEFAULT false,
        source_url text,
        failure_code text,
        failure_message text,
        uploader_ip text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX media_account_created_idx ON media (account_id, created_at)`);
    await db.query(`CREATE INDEX media_expires_idx ON media (expires_at) WHERE expires_at IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE media`);
    await db.query(`DROP TABLE api_keys`);
    await db.query(`DROP TABLE accounts`);
  }
}
