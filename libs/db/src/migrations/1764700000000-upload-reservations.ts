import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An upload's quota reservation, keyed by the media id it is taken for, from the statement that counts it
 * until its media row takes it over (the insert moves it to `media.reserved_month`) or it is refunded.
 * The key makes settling idempotent: a refund decrements only when it deletes the row, so one repeated
 * after a lost answer, or raced by the sweep, gives the upload back once.
 */
export class UploadReservations1764700000000 implements MigrationInterface {
  name = 'UploadReservations1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE upload_reservations (
        media_id text PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        month date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
      )`);
    await db.query(`CREATE INDEX upload_reservations_created_at_idx ON upload_reservations (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE upload_reservations`);
  }
}
