import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { UploadReservation, UsageService } from '@app/accounts';
import { APP_CONFIG, AppConfig, maxUploadBytes } from '@app/config';
import { InsertedMedia, isDatabaseUnreachable, MediaEntity, MediaRepository, MediaSource, retryWhileUnreachable } from '@app/db';
import { ApiError } from '@app/errors';
import { MediaLifecycle } from '@app/media';
import { OBJECT_STORE, ObjectStore, stagingKey } from '@app/storage';
import { IMPORT_QUEUE, ImportJobData, importJob, INGEST_QUEUE, IngestJobData, ingestJob, MediaJobResult, settlesWithin } from '@app/jobs';
import type { Caller } from '../auth/caller';
import type { InboxTicket } from './job-outcome-subscriptions';
import { JobOutcomeWaiter, WaitOutcome } from './job-outcome-waiter.service';
import { expiryFor } from './media-expiry';
import type { MediaFields } from './media-fields';

/** Longest a job may take to be queued (Redis answers in milliseconds when it is up). */
const ENQUEUE_TIMEOUT_MS = 5000;
/**
 * How long a request whose insert, reservation or refund was cut off keeps trying, after its answer, to
 * settle its quota; past it the maintenance sweep does (a row left processing, a reservation left unused).
 */
const SETTLE_WINDOW_MS = 30_000;

export interface CreateMediaRequest {
  caller: Caller;
  mediaId: string;
  fields: MediaFields;
  defaultName: string;
  /** Answer at once with the processing row instead of waiting for the worker. */
  respondAsync: boolean;
  /** Hex SHA-256 of the uploaded bytes (an import's is known once the worker fetched them). */
  sha256: string | null;
  /** The upload quota taken for this media id (keyed callers); the inserted row takes it over so a failure refunds it. */
  reservation: UploadReservation | null;
}

/**
 * Inserts the processing row, hands the work to a worker and waits (bounded) for its outcome; an upload of
 * bytes the account already stores is settled here instead.
 */
@Injectable()
export class MediaCreationService {
  private readonly logger = new Logger('MediaCreationService');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly media: MediaRepository,
    private readonly lifecycle: MediaLifecycle,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly usage: UsageService,
    private readonly waiter: JobOutcomeWaiter,
    @InjectQueue(INGEST_QUEUE) private readonly ingestQueue: Queue<IngestJobData, MediaJobResult>,
    @InjectQueue(IMPORT_QUEUE) private readonly importQueue: Queue<ImportJobData, MediaJobResult>,
  ) {}

  /**
   * Keyed callers take one upload of their month's quota for `mediaId` (quota_exceeded when none is left);
   * anonymous ones are rate limited instead. When the database is lost mid-statement the reservation may
   * have committed all the same: it is refunded by id once the database answers again.
   */
  async reserveFor(caller: Caller, mediaId: string): Promise<UploadReservation | null> {
    if (caller.kind !== 'key') return null;
    try {
      return await this.usage.reserveUpload(caller.account, mediaId);
    } catch (error) {
      if (isDatabaseUnreachable(error)) this.settleInBackground(mediaId, () => this.usage.refund(mediaId));
      throw error;
    }
  }

  /** Gives back the quota of a request that failed before its media row existed; retried in the background while the database is unreachable. */
  async refund(reservation: UploadReservation | null): Promise<void> {
    if (!reservation) return;
    const { mediaId } = reservation;
    await this.settleNowOrLater(mediaId, () => this.usage.refund(mediaId), 'could not refund an upload reservation (the sweep refunds it)');
  }

  maxBytesFor(caller: Caller): number {
    return maxUploadBytes(this.config, caller.kind === 'anonymous');
  }

  /** From an uploaded staging object; until the job is queued, the staging object is this request's to remove. */
  async fromStaging(request: CreateMediaRequest): Promise<MediaEntity> {
    const discardStaging = () => this.store.delete(stagingKey(request.mediaId)).catch(() => undefined);
    const { row, bytesStored } = await this.insertRow(request, 'upload', null).catch(async (error) => {
      await Promise.all([discardStaging(), this.afterFailedInsert(request, 'upload_failed', error)]);
      throw error;
    });
    const shared = bytesStored && !request.respondAsync ? await this.sharedAtOnce(row) : null;
    if (shared) {
      await discardStaging();
      return shared;
    }
    const inbox = this.inboxFor(request);
    await this.enqueue(row, 'upload_failed', () => this.ingestQueue.add(...ingestJob(request.mediaId, addressOf(inbox)))).catch(async (error) => {
      await discardStaging();
      throw error;
    });
    if (request.respondAsync) return row;
    return this.answerFor(row, await this.outcomeOf(request, INGEST_QUEUE, 'upload_failed', inbox), 'upload_failed');
  }

  /**
   * An upload of bytes its account already stores becomes ready on them here, without a job: there is nothing
   * to decode or store (SPEC §4), a worker would only add its round trips. Null when it did not (the object
   * died meanwhile, the row is no longer processing, the database failed): the job then settles the media
   * like any other upload, sharing or decoding, and finds out whether this attempt committed after all.
   */
  private async sharedAtOnce(row: MediaEntity): Promise<MediaEntity | null> {
    const outcome = await this.lifecycle.shareStored(row.id, null).catch((error: unknown) => {
      this.logger.warn({ mediaId: row.id, reason: (error as Error).message }, 'could not share stored bytes at once (left to the job)');
      return null;
    });
    if (!outcome?.ready) return null;
    const { object } = outcome;
    return Object.assign(row, {
      status: 'ready' as const,
      name: outcome.name,
      sha256: outcome.sha256,
      objectId: outcome.objectId,
      thumbhash: outcome.thumbhash,
      dominantColor: outcome.dominantColor,
      format: object.format,
      ext: object.ext,
      contentType: object.contentType,
      width: object.width,
      height: object.height,
      filesize: object.filesize,
    });
  }

  async fromUrl(request: CreateMediaRequest, url: string): Promise<MediaEntity> {
    const { row } = await this.insertRow(request, 'import', url).catch(async (error) => {
      await this.afterFailedInsert(request, 'import_failed', error);
      throw error;
    });
    const inbox = this.inboxFor(request);
    const job = importJob(this.config, { mediaId: request.mediaId, url, anonymous: request.caller.kind === 'anonymous' }, addressOf(inbox));
    await this.enqueue(row, 'import_failed', () => this.importQueue.add(...job));
    if (request.respondAsync) return row;
    return this.answerFor(row, await this.outcomeOf(request, IMPORT_QUEUE, 'import_failed', inbox), 'import_failed');
  }

  /** A request that waits has its job's outcome sent to this gateway's inbox (when it is subscribed). */
  private inboxFor(request: CreateMediaRequest): InboxTicket | undefined {
    return request.respondAsync ? undefined : this.waiter.inbox();
  }

  /** The job's outcome; a media whose bytes did not fit the account's storage is answered with the account's action and usage. */
  private outcomeOf(
    request: CreateMediaRequest,
    queue: string,
    failure: 'upload_failed' | 'import_failed',
    inbox: InboxTicket | undefined,
  ): Promise<WaitOutcome<MediaJobResult>> {
    const { caller } = request;
    return this.waiter.waitFor<MediaJobResult>(queue, request.mediaId, failure, inbox).catch(async (error: unknown) => {
      if (error instanceof ApiError && error.code === 'quota_exceeded' && caller.kind === 'key') throw await this.usage.storageExceeded(caller.account);
      throw error;
    });
  }

  /**
   * Gives the quota back. When the database went away mid-insert the row may exist all the same (committed,
   * answer lost) with no job to finish it: once the database answers again (in the background, the request
   * is answered at once) such a row is failed, which refunds it; otherwise the reservation is refunded.
   */
  private async afterFailedInsert(request: CreateMediaRequest, failure: 'upload_failed' | 'import_failed', error: unknown): Promise<void> {
    if (!isDatabaseUnreachable(error)) return this.refund(request.reservation);
    this.settleInBackground(request.mediaId, async () => {
      if (await this.media.findById(request.mediaId)) await this.lifecycle.fail(request.mediaId, failure, new ApiError(failure).message);
      else if (request.reservation) await this.usage.refund(request.mediaId);
    });
  }

  /**
   * Runs `settle` (idempotent) now; if the database is unreachable, again in the background until it answers.
   * Any other failure is left to the sweep, with `failedMessage` logged.
   */
  private async settleNowOrLater(mediaId: string, settle: () => Promise<unknown>, failedMessage: string): Promise<void> {
    await settle().catch((error: unknown) => {
      if (isDatabaseUnreachable(error)) return this.settleInBackground(mediaId, settle);
      this.logger.warn({ mediaId, reason: (error as Error).message }, failedMessage);
    });
  }

  /** Runs `settle` (idempotent) until the database answers it, without holding the request; past the window the sweep settles. */
  private settleInBackground(mediaId: string, settle: () => Promise<unknown>): void {
    void retryWhileUnreachable(settle, { windowMs: SETTLE_WINDOW_MS }).catch((reason: unknown) =>
      this.logger.warn({ mediaId, reason: (reason as Error).message }, 'a cut-off upload could not be settled (the sweep settles it)'),
    );
  }

  /**
   * A job that could not be queued (Redis down) fails its row at once, which refunds it: no worker will ever
   * pick it up. Should the database be unreachable too, that is retried in the background once it answers.
   */
  private async enqueue(row: MediaEntity, failure: 'upload_failed' | 'import_failed', add: () => Promise<unknown>): Promise<void> {
    const reason = await queueingFailure(add);
    if (reason === null) return;
    this.logger.warn({ mediaId: row.id, reason }, 'could not queue the media job (the media is failed)');
    const apiError = new ApiError(failure);
    const markFailed = () => this.lifecycle.fail(row.id, failure, apiError.message);
    await this.settleNowOrLater(row.id, markFailed, 'could not fail a row whose job was not queued (the sweep fails it)');
    throw apiError;
  }

  private insertRow(request: CreateMediaRequest, source: MediaSource, sourceUrl: string | null): Promise<InsertedMedia> {
    const { caller, fields } = request;
    const anonymous = caller.kind === 'anonymous';
    const expiry = expiryFor(caller, fields.ttlSeconds);
    return this.lifecycle.create({
      id: request.mediaId,
      accountId: anonymous ? null : caller.account.id,
      source,
      name: fields.name ?? request.defaultName,
      tags: anonymous ? [] : (fields.tags ?? []),
      namespace: anonymous ? null : (fields.namespace ?? null),
      isPublic: anonymous ? true : (fields.public ?? true),
      date: fields.date ?? null,
      description: fields.description ?? null,
      lifetimeSeconds: expiry.lifetimeSeconds,
      expiryExplicit: expiry.explicit,
      sourceUrl,
      uploaderIp: caller.ip,
      sha256: request.sha256,
    });
  }

  /**
   * The inserted row plus what the worker reported; a re-run that reported nothing is read back. A job
   * still running when the wait ends is answered as processing (202): the caller has the id the media
   * will be published under, never an error for work that then succeeds.
   */
  private async answerFor(
    inserted: MediaEntity,
    outcome: WaitOutcome<MediaJobResult>,
    failure: 'upload_failed' | 'import_failed',
  ): Promise<MediaEntity> {
    if (!outcome.finished) return inserted;
    const result = outcome.result;
    if (result?.media) return Object.assign(inserted, result.media, { status: 'ready' as const });
    const row = await this.media.findById(inserted.id);
    if (row?.status !== 'ready') throw new ApiError(failure);
    return row;
  }
}

const addressOf = (inbox: InboxTicket | undefined) => (inbox ? { outcomeChannel: inbox.channel } : {});

/**
 * Why `add` did not queue its job, or null when it did. While Redis reconnects BullMQ holds the command until
 * it is back: bounded, that is a failure like any other (should it still land later, the job finds its row
 * failed and discards its work).
 */
async function queueingFailure(add: () => Promise<unknown>): Promise<string | null> {
  try {
    const queued = add();
    if (!(await settlesWithin(queued, ENQUEUE_TIMEOUT_MS))) return `not queued within ${ENQUEUE_TIMEOUT_MS} ms`;
    await queued;
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
