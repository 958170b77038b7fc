import { Injectable } from '@nestjs/common';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { MediaEntity } from '../entities/media.entity';
import { ListedMedia, ListPosition, pageWithPositions, selectPosition, timestampOfMicrosSql } from './created-at-position';

export type { ListedMedia, ListPosition } from './created-at-position';

export interface MediaListFilter {
  accountId: string;
  ids?: string[];
  tags?: string[];
  tagMode: 'any' | 'all';
  namespace?: string;
  /** Hex SHA-256 of the bytes as uploaded. */
  sha256?: string;
}

/**
 * One account's ready, unexpired media, newest first, by keyset on (created_at, id): a page after a
 * position is an index range scan (media_list_idx), so rows added or deleted meanwhile never shift it.
 */
@Injectable()
export class MediaListRepository {
  constructor(private readonly dataSource: DataSource) {}

  page(filter: MediaListFilter, after: ListPosition | null, limit: number, now: Date): Promise<ListedMedia[]> {
    return pageWithPositions(this.pageQuery(filter, after, limit, now));
  }

  /** The statement behind `page` (also what the list benchmark EXPLAINs). */
  pageQuery(filter: MediaListFilter, after: ListPosition | null, limit: number, now: Date): SelectQueryBuilder<MediaEntity> {
    const query = selectPosition(this.dataSource.getRepository(MediaEntity).createQueryBuilder('m'), 'm')
      .where('m.account_id = :accountId', { accountId: filter.accountId })
      .andWhere(`m.status = 'ready'`)
      .andWhere('(m.expires_at IS NULL OR m.expires_at > :now)', { now })
      .orderBy('m.created_at', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(limit);
    if (after) {
      query.andWhere(`(m.created_at, m.id) < (${timestampOfMicrosSql(':afterMicros')}, :afterId)`, {
        afterMicros: after.createdAtMicros,
        afterId: after.id,
      });
    }
    if (filter.ids) query.andWhere('m.id = ANY(:ids)', { ids: filter.ids });
    if (filter.namespace) query.andWhere('m.namespace = :namespace', { namespace: filter.namespace });
    if (filter.sha256) query.andWhere('m.sha256 = :sha256', { sha256: filter.sha256 });
    if (filter.tags) {
      query.andWhere(filter.tagMode === 'all' ? 'm.tags @> :tags::text[]' : 'm.tags && :tags::text[]', { tags: filter.tags });
    }
    return query;
  }
}
