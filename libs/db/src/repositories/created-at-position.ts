import type { SelectQueryBuilder } from 'typeorm';
import type { MediaEntity } from '../entities/media.entity';

/** Where a page ends on the keyset (created_at, id): created_at in whole microseconds (JS dates only hold milliseconds) and the id. */
export interface ListPosition {
  createdAtMicros: string;
  id: string;
}

export interface ListedMedia {
  media: MediaEntity;
  position: ListPosition;
}

const POSITION_COLUMN = 'position_us';

/** Adds each row's created_at in whole microseconds to a query on media aliased `alias` (read back by `pageWithPositions`). */
export function selectPosition(query: SelectQueryBuilder<MediaEntity>, alias: string): SelectQueryBuilder<MediaEntity> {
  return query.addSelect(`(extract(epoch FROM ${alias}.created_at) * 1000000)::bigint::text`, POSITION_COLUMN);
}

/** SQL for the timestamp a microsecond parameter names. */
export const timestampOfMicrosSql = (parameter: string) => `to_timestamp(0) + ${parameter}::bigint * interval '1 microsecond'`;

/** Runs a query built with `selectPosition`: each row with its keyset position. */
export async function pageWithPositions(query: SelectQueryBuilder<MediaEntity>): Promise<ListedMedia[]> {
  const { entities, raw } = await query.getRawAndEntities<Record<typeof POSITION_COLUMN, string>>();
  return entities.map((media, i) => ({ media, position: { createdAtMicros: raw[i][POSITION_COLUMN], id: media.id } }));
}
