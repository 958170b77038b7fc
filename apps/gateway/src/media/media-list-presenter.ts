import type { AppConfig } from '@app/config';
import type { BatchItemError, BatchOutcome, MediaPage } from '@app/media';
import { MediaObject, presentMedia } from './media-presenter';

export interface MediaListAnswer {
  data: MediaObject[];
  pagination: { next_cursor: string | null; has_more: boolean };
}

export type BatchAnswer = { [count in 'updated' | 'deleted']?: number } & { ids: string[]; errors: BatchItemError[] };

export function presentMediaPage(page: MediaPage, config: Pick<AppConfig, 'srcBaseUrl' | 'webBaseUrl'>): MediaListAnswer {
  return {
    data: page.media.map((media) => presentMedia(media, config)),
    pagination: { next_cursor: page.nextCursor, has_more: page.hasMore },
  };
}

export function presentBatch(count: 'updated' | 'deleted', outcome: BatchOutcome): BatchAnswer {
  return { [count]: outcome.ids.length, ids: outcome.ids, errors: outcome.errors };
}
