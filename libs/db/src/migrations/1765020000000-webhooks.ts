import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks (SPEC §9). `webhook_endpoints`: at most 5 per account, the signing secret sealed (AES-256-GCM under
 * a key derived from SIGNING_SECRET, prefixed with that key's id so a rotation can tell which key sealed it).
 * `webhook_outbox`: one row per event and endpoint, written in the transaction of the state change it
 * reports; its id is the `webhook-id` of every attempt; it stays until the event is delivered or given up,
 * so a Redis that lost its jobs loses no event. `webhook_deliveries`: each attempt, the last 100 per endpoint.
 */
export class Webhooks1765020000000 implements MigrationInterface {
  name = 'Webhooks1765020000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE webhook_endpoints (
        id text PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        url text NOT NULL,
        events text[] NOT NULL,
        sealed_secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
        disabled_at timestamptz
      )`);
    await db.query(`CREATE INDEX webhook_endpoints_account_idx ON webhook_endpoints (account_id)`);
    await db.query(`
      CREATE TABLE webhook_outbox (
        id text PRIMARY KEY,
        endpoint_id text NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
        type text NOT NULL,
        media_id text NOT NULL,
        media jsonb,
        failure jsonb,
        created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
      )`);
    await db.query(`CREATE INDEX webhook_outbox_next_attempt_idx ON webhook_outbox (next_attempt_at)`);
    await db.query(`CREATE INDEX webhook_outbox_endpoint_idx ON webhook_outbox (endpoint_id)`);
    await db.query(`
      CREATE TABLE webhook_deliveries (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        endpoint_id text NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
        message_id text NOT NULL,
        type text NOT NULL,
        attempt integer NOT NULL,
        status_code integer,
        error text,
        outcome text NOT NULL CHECK (outcome IN ('delivered', 'retrying', 'failed', 'disabled')),
        at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
      )`);
    await db.query(`CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, seq DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE webhook_deliveries`);
    await db.query(`DROP TABLE webhook_outbox`);
    await db.query(`DROP TABLE webhook_endpoints`);
  }
}
