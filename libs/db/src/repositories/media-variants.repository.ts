import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** `recorded`: counted now; `already`: an earlier run counted it; `gone`: the media is no longer ready. */
export type VariantRecordOutcome = 'recorded' | 'already' | 'gone';

// One statement: the media row is locked (a concurrent delete either runs before, and the media is gone,
// or after, and frees these bytes too), the variant is recorded once, and its bytes are added to the owner's
// variant bytes (never to storage_used_bytes: variants do not count against the storage limit).
const RECORD_VARIANT = `
  WITH live AS (
    SELECT id, account_id FROM media WHERE id = $1 AND status = 'ready' FOR UPDATE
  ), recorded AS (
    INSERT INTO media_variants (media_id, key, bytes)
    SELECT id, $2::text, $3::bigint FROM live
    ON CONFLICT (media_id, key) DO NOTHING
    RETURNING bytes
  ), counted AS (
    UPDATE accounts a SET variant_bytes = a.variant_bytes + recorded.bytes
    FROM recorded, live WHERE a.id = live.account_id
  )
  SELECT (SELECT count(*) FROM live)::int AS live, (SELECT count(*) FROM recorded)::int AS recorded`;

/** The stored delivery variants of media, and the storage they use. */
@Injectable()
export class MediaVariantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(mediaId: string, key: string, bytes: number): Promise<VariantRecordOutcome> {
    const [row]: { live: number; recorded: number }[] = await this.dataSource.query(RECORD_VARIANT, [mediaId, key, bytes]);
    if (!row.live) return 'gone';
    return row.recorded ? 'recorded' : 'already';
  }

  async bytesOf(mediaId: string): Promise<number> {
    const [row]: { bytes: string }[] = await this.dataSource.query(
      'SELECT COALESCE(sum(bytes), 0) AS bytes FROM media_variants WHERE media_id = $1',
      [mediaId],
    );
    return Number(row.bytes);
  }
}
