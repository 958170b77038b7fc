import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** `recorded`: counted now; `already`: an earlier run counted it; `gone`: no media points at the object any more. */
export type VariantRecordOutcome = 'recorded' | 'already' | 'gone';

// One statement: the stored object's row is locked (a release of its last media either runs before, and the
// object is dead, or after, and frees these bytes too), the variant is recorded once, and its bytes are added
// to the owner's variant bytes (never to storage_used_bytes: variants do not count against the storage limit).
const RECORD_VARIANT = `
  WITH live AS (
    SELECT id, account_id FROM stored_objects WHERE id = $1 AND refs > 0 FOR UPDATE
  ), recorded AS (
    INSERT INTO media_variants (object_id, key, bytes)
    SELECT id, $2::text, $3::bigint FROM live
    ON CONFLICT (object_id, key) DO NOTHING
    RETURNING bytes
  ), counted AS (
    UPDATE accounts a SET variant_bytes = a.variant_bytes + recorded.bytes
    FROM recorded, live WHERE a.id = live.account_id
  )
  SELECT (SELECT count(*) FROM live)::int AS live, (SELECT count(*) FROM recorded)::int AS recorded`;

/** The stored delivery variants of stored objects, and the storage they use. */
@Injectable()
export class MediaVariantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(objectId: string, key: string, bytes: number): Promise<VariantRecordOutcome> {
    const [row]: { live: number; recorded: number }[] = await this.dataSource.query(RECORD_VARIANT, [objectId, key, bytes]);
    if (!row.live) return 'gone';
    return row.recorded ? 'recorded' : 'already';
  }

  async bytesOf(objectId: string): Promise<number> {
    const [row]: { bytes: string }[] = await this.dataSource.query(
      'SELECT COALESCE(sum(bytes), 0) AS bytes FROM media_variants WHERE object_id = $1',
      [objectId],
    );
    return Number(row.bytes);
  }
}
