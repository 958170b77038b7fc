import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a page paints while a media loads (SPEC §3): the ThumbHash (base64) and the dominant colour
 * (`#rrggbb`). Null for SVG, and for media stored before them until `npm run admin -- media backfill` fills
 * them; the partial index is what the backfill pages through, so a finished backfill leaves it empty.
 */
export class MediaPlaceholders1765030000000 implements MigrationInterface {
  name = 'MediaPlaceholders1765030000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE media ADD COLUMN thumbhash text, ADD COLUMN dominant_color text`);
    await db.query(`CREATE INDEX media_placeholder_missing_idx ON media (id) WHERE thumbhash IS NULL AND status = 'ready' AND format <> 'svg'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX media_placeholder_missing_idx`);
    await db.query(`ALTER TABLE media DROP COLUMN dominant_color, DROP COLUMN thumbhash`);
  }
}
