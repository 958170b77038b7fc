import { Injectable } from '@nestjs/common';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { MediaEntity } from '../entities/media.entity';

export interface MediaListFilter {
  accountId: string;
  ids?: string[];
  tags?: string[];
  tagMode: 'any' | 'all';
  namespace?: string;
}

/** Where a page ends: created_at in whole microseconds (JS dates only hold milliseconds) and the id. */
export interface ListPosition {
  createdAtMicros: string;
  id: string;
}

export interface ListedMedia {
  media: MediaEntity;
  position: ListPosition;
}

/**
 * One account's ready, unexpired media, newest first, by keyset on (created_at, id): a page after a
 * position is an index range scan (media_list_idx), so rows added or deleted meanwhile never shift it.
 */
@Injectable()
export class MediaListRepository {
  constructor(private readonly dataSource: DataSource) {}

  async page(filter: MediaListFilter, after: ListPosition | null, limit: number, now: Date): Promise<ListedMedia[]> {
    const { entities, raw } = await this.pageQuery(filter, after, limit, now).getRawAndEntities<{ position_us: string }>();
    return entities.map((media, i) => ({ media, position: { createdAtMicros: raw[i].position_us, id: media.id } }));
  }

  /** The statement behind `page` (also what the list benchmark EXPLAINs). */
  pageQuery(filter: MediaListFilter, after: ListPosition | null, limit: number, now: Date): SelectQueryBuilder<MediaEntity> {
    const query = this.dataSource
      .getRepository(MediaEntity)
      .createQueryBuilder('m')
      .addSelect('(extract(epoch FROM m.created_at) * 1000000)::bigint::text', 'position_us')
      .where('m.account_id = :accountId', { accountId: filter.accountId })
      .andWhere(`m.status = 'ready'`)
      .andWhere('(m.expires_at IS NULL OR m.expires_at > :now)', { now })
      .orderBy('m.created_at', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(limit);
    if (after) {
      query.andWhere(`(m.created_at, m.id) < (to_timestamp(0) + :afterMicros::bigint * interval '1 microsecond', :afterId)`, {
        afterMicros: after.createdAtMicros,
        afterId: after.id,
      });
    }
    if (filter.ids) query.andWhere('m.id = ANY(:ids)', { ids: filter.ids });
    if (filter.namespace) query.andWhere('m.namespace = :namespace', { namespace: filter.namespace });
    if (filter.tags) {
      query.andWhere(filter.tagMode === 'all' ? 'm.tags @> :tags::text[]' : 'm.tags && :tags::text[]', { tags: filter.tags });
    }
    return query;
  }
}
