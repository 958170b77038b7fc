import { AppConfig, maxUploadBytes } from '@app/config';
import { IMPORT_JOB, ImportJobData, INGEST_JOB, IngestJobData, OutcomeAddress } from './queues';

/** A media's job as `queue.add` takes it. Its id is the media id, so a media never has two jobs in its queue. */
export type MediaJob<Data> = [name: string, data: Data, options: { jobId: string }];

/** The job that processes an upload's staging object. */
export function ingestJob(mediaId: string, address: OutcomeAddress = {}): MediaJob<IngestJobData> {
  return [INGEST_JOB, { mediaId, ...address }, { jobId: mediaId }];
}

/** The job that fetches an import's URL, bounded by the uploader's limit (anonymous callers get less). */
export function importJob(
  limits: Pick<AppConfig, 'anonymousMaxBytes' | 'keyedMaxBytes'>,
  media: { mediaId: string; url: string; anonymous: boolean },
  address: OutcomeAddress = {},
): MediaJob<ImportJobData> {
  const data = { mediaId: media.mediaId, url: media.url, maxBytes: maxUploadBytes(limits, media.anonymous), ...address };
  return [IMPORT_JOB, data, { jobId: media.mediaId }];
}
