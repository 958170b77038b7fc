import { Inject, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { MediaEntity, MediaRepository, MediaSource } from '@app/db';
import { ApiError } from '@app/errors';
import { IMPORT_JOB, IMPORT_QUEUE, ImportJobData, INGEST_JOB, INGEST_QUEUE, IngestJobData } from '@app/jobs';
import type { Caller } from '../auth/caller';
import { JobOutcomeWaiter } from './job-outcome-waiter.service';
import { expiryFor } from './media-expiry';
import type { MediaFields } from './media-fields';

export interface CreateMediaRequest {
  caller: Caller;
  mediaId: string;
  fields: MediaFields;
  defaultName: string;
  /** Answer at once with the processing row instead of waiting for the worker. */
  respondAsync: boolean;
}

/** Inserts the processing row, hands the work to a worker and waits (bounded) for its outcome. */
@Injectable()
export class MediaCreationService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly media: MediaRepository,
    private readonly waiter: JobOutcomeWaiter,
    @InjectQueue(INGEST_QUEUE) private readonly ingestQueue: Queue<IngestJobData>,
    @InjectQueue(IMPORT_QUEUE) private readonly importQueue: Queue<ImportJobData>,
  ) {}

  maxBytesFor(caller: Caller): number {
    return caller.kind === 'anonymous' ? this.config.anonymousMaxBytes : this.config.keyedMaxBytes;
  }

  async fromStaging(request: CreateMediaRequest): Promise<MediaEntity> {
    await this.insertRow(request, 'upload', null);
    const job = await this.ingestQueue.add(INGEST_JOB, { mediaId: request.mediaId }, { jobId: request.mediaId });
    if (request.respondAsync) return this.reload(request.mediaId);
    await this.waiter.waitFor(job, 'upload_failed');
    return this.reloadReady(request.mediaId, 'upload_failed');
  }

  async fromUrl(request: CreateMediaRequest, url: string): Promise<MediaEntity> {
    await this.insertRow(request, 'import', url);
    const data = { mediaId: request.mediaId, url, maxBytes: this.maxBytesFor(request.caller) };
    const job = await this.importQueue.add(IMPORT_JOB, data, { jobId: request.mediaId });
    if (request.respondAsync) return this.reload(request.mediaId);
    await this.waiter.waitFor(job, 'import_failed');
    return this.reloadReady(request.mediaId, 'import_failed');
  }

  private async insertRow(request: CreateMediaRequest, source: MediaSource, sourceUrl: string | null): Promise<void> {
    const { caller, fields } = request;
    const anonymous = caller.kind === 'anonymous';
    const expiry = expiryFor(caller, fields.ttlSeconds, new Date());
    await this.media.insertProcessing({
      id: request.mediaId,
      accountId: anonymous ? null : caller.account.id,
      source,
      name: fields.name ?? request.defaultName,
      tags: anonymous ? [] : (fields.tags ?? []),
      namespace: anonymous ? null : (fields.namespace ?? null),
      isPublic: anonymous ? true : (fields.public ?? true),
      date: fields.date ?? null,
      description: fields.description ?? null,
      expiresAt: expiry.expiresAt,
      expiryExplicit: expiry.explicit,
      sourceUrl,
      uploaderIp: caller.ip,
    });
  }

  private async reload(mediaId: string): Promise<MediaEntity> {
    const row = await this.media.findById(mediaId);
    if (!row) throw new Error(`media ${mediaId} vanished after it was inserted`);
    return row;
  }

  /** A job can finish without a ready row only if the media was removed meanwhile. */
  private async reloadReady(mediaId: string, failure: 'upload_failed' | 'import_failed'): Promise<MediaEntity> {
    const row = await this.media.findById(mediaId);
    if (row?.status !== 'ready') throw new ApiError(failure);
    return row;
  }
}
