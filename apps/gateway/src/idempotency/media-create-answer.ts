import type { AppConfig } from '@app/config';
import type { MediaEntity, MediaRepository } from '@app/db';
import { ERROR_CATALOGUE, isErrorCode } from '@app/errors';
import type { CreateAnswer } from '@app/idempotency';
import { presentMedia } from '../media/media-presenter';

/** 201 with the media once stored, 202 while a worker still has it. */
export function mediaCreateAnswer(media: MediaEntity, config: AppConfig): CreateAnswer {
  return { status: media.status === 'ready' ? 201 : 202, body: presentMedia(media, config) };
}

/** A media's answer now (ready, processing, or the error it failed with), for a repeat of a create first answered 202. */
export async function currentMediaAnswer(mediaId: string, media: MediaRepository, config: AppConfig): Promise<CreateAnswer | null> {
  const row = await media.findById(mediaId);
  if (!row || row.status === 'deleted') return null;
  if (row.status !== 'failed') return mediaCreateAnswer(row, config);
  const code = isErrorCode(row.failureCode) ? row.failureCode : row.source === 'import' ? 'import_failed' : 'upload_failed';
  const message = row.failureMessage ?? ERROR_CATALOGUE[code].message;
  // The one failure with a status of its own: the fetch's 30 s limit (SPEC §3).
  const status = code === 'fetch_failed' && message === 'URL fetch timeout' ? 504 : ERROR_CATALOGUE[code].status;
  return { status, body: { error: code, message } };
}
