import { Inject, Injectable } from '@nestjs/common';
import * as path from 'path';
import { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@app/config';
import { MediaRepository, retryWhileUnreachable } from '@app/db';
import { ErrorCode, JobFailure } from '@app/errors';
import { MediaJobResult, ReadyMedia } from '@app/jobs';
import { FORMAT_INFO } from '@app/formats';
import { ImageRejectedError, normaliseImage } from '@app/imaging';
import { MarkReadyOutcome, MediaLifecycle, ReadyDetails } from '@app/media';
import { OBJECT_STORE, ObjectStore, originalKey } from '@app/storage';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { PermanentFailure } from './permanent-failure';
import type { MediaJobHooks } from './run-media-job';

/**
 * How long the write that ends a job (ready or failed) is retried while the database is unreachable: a
 * database restart is outlasted instead of leaving the row processing until the sweep.
 */
export const FINAL_WRITE_WINDOW_MS = 30_000;

/** The stored bytes would pass the owner's storage limit; the gateway answers it with the owner's action and usage. */
const STORAGE_FULL: JobFailure = { code: 'quota_exceeded', status: 403, message: 'Storage limit reached.' };

/** The job's answer about a media that became ready. */
function readyMedia(outcome: Extract<MarkReadyOutcome, { ready: true }>): ReadyMedia {
  const { object } = outcome;
  return {
    name: outcome.name,
    sha256: outcome.sha256,
    format: object.format,
    ext: object.ext,
    contentType: object.contentType,
    width: object.width ?? 0,
    height: object.height ?? 0,
    filesize: object.filesize,
    thumbhash: outcome.thumbhash,
    dominantColor: outcome.dominantColor,
  };
}

/** The steps every media job shares once the source bytes are in a local file. */
@Injectable()
export class MediaPipeline {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly media: MediaRepository,
    private readonly lifecycle: MediaLifecycle,
    private readonly logger: PinoLogger,
    private readonly metrics: WorkerMetrics,
  ) {
    logger.setContext('MediaPipeline');
  }

  /**
   * Before any decode: a media whose bytes its account already stores becomes ready on them (no sharp, nothing
   * stored, no storage counted). `sha256` is the source bytes' hash when the row does not hold it yet (an
   * import's). Resolves with the ready media, `undefined` when the row no longer processes, or null when there
   * is nothing to share (decode with storeOriginal).
   */
  async shareStored(mediaId: string, sha256: string | null): Promise<ReadyMedia | undefined | null> {
    const outcome = await this.finalWrite(mediaId, 'share stored bytes', () => this.lifecycle.shareStored(mediaId, sha256));
    if (outcome.ready) return readyMedia(outcome);
    return outcome.reason === 'not_stored' ? null : undefined;
  }

  /**
   * Validates and normalises the file, stores the original and marks the row ready. `sha256` is the source
   * bytes' hash when the row does not hold it yet (an import's, computed while it was fetched).
   */
  async storeOriginal(mediaId: string, inputPath: string, failureCode: ErrorCode, sha256: string | null = null): Promise<ReadyMedia | undefined> {
    const outputPath = path.join(path.dirname(inputPath), 'normalised');
    const image = await normaliseImage(inputPath, outputPath, {
      maxPixels: this.config.maxInputPixels,
      maxSvgBytes: this.config.svgMaxBytes,
      timeoutSeconds: this.config.decodeTimeoutSeconds,
    }).catch((error) => {
      if (error instanceof ImageRejectedError) {
        throw new PermanentFailure({ code: failureCode, status: 500, message: error.message });
      }
      throw error;
    });
    const { ext, contentType } = FORMAT_INFO[image.format];
    const ownKey = originalKey(mediaId, ext);
    await this.store.putFile(ownKey, outputPath, contentType);
    const { placeholder } = image;
    const details: ReadyDetails = {
      format: image.format,
      ext,
      contentType,
      width: image.width,
      height: image.height,
      filesize: image.filesize,
      thumbhash: placeholder?.thumbhash ?? null,
      dominantColor: placeholder?.dominantColor ?? null,
      sha256,
    };
    const outcome = await this.finalWrite(mediaId, 'mark ready', (retry) => this.markReady(mediaId, details, retry));
    // The job's final failure fails the row (refunding the upload) and removes what was stored.
    if (!outcome.ready && outcome.reason === 'storage_full') throw new PermanentFailure(STORAGE_FULL);
    if (!outcome.ready) {
      // The row was failed or deleted meanwhile (a delete of a processing media cancels it): the stored
      // bytes would be an orphan. Unless another run of the same job made it ready: the bytes are its.
      const row = await this.media.findById(mediaId);
      if (row?.status !== 'ready' || row.objectId !== mediaId) await this.store.delete(ownKey);
      return undefined;
    }
    if (outcome.objectId !== mediaId) {
      // Another upload of the same bytes became ready first: this media shares its object, so what this job
      // stored is not needed (should this delete fail, the media's removal takes it later).
      await this.store.delete(ownKey).catch(() => undefined);
    } else {
      this.metrics.storedBytes.inc({ kind: 'original' }, image.filesize);
    }
    return readyMedia(outcome);
  }

  /**
   * Final failure: the row is marked failed first (so it can never turn ready), then every object
   * is removed. Storage may be the very thing that failed: leftovers are logged for the sweeper.
   * 'ready' when an earlier run made the media ready after all: it keeps its objects.
   */
  async discard(mediaId: string, failure: JobFailure): Promise<'discarded' | 'ready'> {
    await this.finalWrite(mediaId, 'mark failed', () => this.lifecycle.fail(mediaId, failure.code, failure.message));
    // An earlier attempt's mark-ready may have committed with its answer lost, or the attempt failed after it.
    if ((await this.media.findById(mediaId))?.status === 'ready') return 'ready';
    const left = await this.lifecycle.cleanFailed(mediaId);
    if (left.length) this.logger.warn({ mediaId, left }, 'objects of a failed media could not be removed yet');
    return 'discarded';
  }

  /** A media job's final failure discards the media; one that is ready after all completes its job, as a re-run would. */
  finalFailureHooks(mediaId: string): MediaJobHooks<MediaJobResult> {
    return { onFinalFailure: async (failure) => ((await this.discard(mediaId, failure)) === 'ready' ? { mediaId } : undefined) };
  }

  /** A retry that finds the row no longer processing first checks whether its earlier attempt did commit. */
  private async markReady(mediaId: string, details: ReadyDetails, retry: boolean): Promise<MarkReadyOutcome> {
    const outcome = await this.lifecycle.markReady(mediaId, details);
    if (outcome.ready || outcome.reason !== 'not_processing' || !retry) return outcome;
    const row = await this.media.findById(mediaId);
    const committed = row?.status === 'ready' && row.ext === details.ext && Number(row.filesize) === details.filesize;
    if (!committed || !row.objectId) return outcome;
    const object = { id: row.objectId, accountId: row.accountId, format: row.format!, ext: row.ext!, contentType: row.contentType!, width: row.width, height: row.height, filesize: Number(row.filesize) };
    return { ready: true, name: row.name, sha256: row.sha256, objectId: row.objectId, thumbhash: row.thumbhash, dominantColor: row.dominantColor, events: 0, object };
  }

  private finalWrite<T>(mediaId: string, what: string, write: (retry: boolean) => Promise<T>): Promise<T> {
    return retryWhileUnreachable(write, {
      windowMs: FINAL_WRITE_WINDOW_MS,
      onRetry: (error, attempt) => this.logger.warn({ mediaId, attempt, reason: (error as Error).message }, `database unreachable, will ${what} again`),
    });
  }

  /**
   * False when an earlier run already finished the work (or the media is gone). Even a first attempt
   * asks: the sweep queues a job again when Redis lost it, and the lost one may have run.
   */
  async needsProcessing(job: Job<{ mediaId: string }>): Promise<boolean> {
    return (await this.media.findById(job.data.mediaId))?.status === 'processing';
  }
}
