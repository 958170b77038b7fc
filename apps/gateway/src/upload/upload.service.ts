import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { MediaEntity } from '@app/db';
import { ApiError, fileTooLargeMessage, validationError } from '@app/errors';
import { generateMediaId } from '@app/media';
import { OBJECT_STORE, ObjectStore, stagingKey } from '@app/storage';
import type { Caller } from '../auth/caller';
import { FieldErrorCollector } from '../common/validation';
import { MediaCreationService } from '../media/media-creation.service';
import { defaultMediaName } from '../media/default-name';
import { MetricsService } from '../metrics/metrics.service';
import { MediaFields, parseMediaFields } from '../media/media-fields';
import { MultipartOutcome, readMultipartUpload } from './multipart-upload';

type StoredOutcome = Extract<MultipartOutcome, { kind: 'stored' }>;
import { declaredOverCap } from './upload-size-limits';
import { discardStream } from './discard-stream';
import { uploadFingerprint } from './upload-fingerprint';

export interface UploadOptions {
  /** The id the media is created under. */
  mediaId: string;
  /** Called with the request's Idempotency-Key fingerprint once the whole body has been read. */
  fingerprinted?: (fingerprint: string) => void;
}

@Injectable()
export class UploadService {
  private readonly logger = new Logger('UploadService');

  constructor(
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly creation: MediaCreationService,
    private readonly metrics: MetricsService,
  ) {}

  async upload(req: Request, caller: Caller, respondAsync: boolean, options: UploadOptions = { mediaId: generateMediaId() }): Promise<MediaEntity> {
    const maxBytes = this.acceptableSize(req, caller);
    // Quota first: an over-quota client is answered before it streams its body.
    const { mediaId } = options;
    const reservation = await this.creation.reserveFor(caller, mediaId);
    let staged: { fields: MediaFields; defaultName: string; sha256: string };
    try {
      staged = await this.stage(req, mediaId, maxBytes, options.fingerprinted);
    } catch (error) {
      await this.creation.refund(reservation);
      throw error;
    }
    return this.creation.fromStaging({ caller, mediaId, ...staged, respondAsync, reservation });
  }

  /**
   * Reads the whole upload without storing or creating anything (the file's bytes are hashed and dropped) and
   * returns its Idempotency-Key fingerprint: a repeat of a finished request is compared by it.
   */
  async fingerprintOf(req: Request, caller: Caller): Promise<string> {
    const maxBytes = this.acceptableSize(req, caller);
    const outcome = await readMultipartUpload(req, { maxFileBytes: maxBytes, store: discardStream });
    return uploadFingerprint(outcome);
  }

  /** The caller's file cap, once the request is known to be a multipart body that may hold a file within it. */
  private acceptableSize(req: Request, caller: Caller): number {
    if (!req.is('multipart/form-data')) {
      throw validationError({ file: ['File is required'], body: ['Request must be multipart/form-data'] });
    }
    const maxBytes = this.creation.maxBytesFor(caller);
    const declared = declaredOverCap(req, maxBytes);
    if (declared !== undefined) throw new ApiError('upload_failed', { message: fileTooLargeMessage(declared, maxBytes) });
    return maxBytes;
  }

  /** Streams the file into its staging object and validates the fields; on any failure nothing stays staged. */
  private async stage(
    req: Request,
    mediaId: string,
    maxBytes: number,
    fingerprinted: ((fingerprint: string) => void) | undefined,
  ): Promise<{ fields: MediaFields; defaultName: string; sha256: string }> {
    const staging = stagingKey(mediaId);
    const discardStaging = () => this.store.delete(staging).catch(() => undefined);
    const outcome = await readMultipartUpload(req, {
      maxFileBytes: maxBytes,
      store: (body) => this.store.putStream(staging, body),
    }).catch(async (error) => {
      await discardStaging();
      if (error instanceof ApiError) throw error;
      // The caller only hears upload_failed: the operator needs to know why (a full disk, permissions, storage down).
      this.logger.warn({ mediaId, cause: causeOf(error) }, 'could not stage the upload');
      throw new ApiError('upload_failed');
    });
    fingerprinted?.(uploadFingerprint(outcome));

    const errors = new FieldErrorCollector();
    if (outcome.kind === 'no_file') errors.add('file', 'File is required');
    const fields = parseMediaFields(outcome.fields, errors);
    if (outcome.kind === 'too_large') {
      await discardStaging();
      throw new ApiError('upload_failed', { message: fileTooLargeMessage(outcome.bytes, maxBytes) });
    }
    if (outcome.kind === 'stored') this.metrics.uploadedBytes.inc(outcome.file.bytes);
    if (outcome.kind === 'stored' && outcome.file.bytes === 0) errors.add('file', 'File is empty');
    if (!errors.isEmpty) {
      await discardStaging();
      errors.throwIfAny();
    }
    // A missing or too large file was refused above. The hash the Idempotency-Key fingerprint took while the
    // file streamed is the media's sha256 too.
    const { file } = outcome as StoredOutcome;
    return { fields, defaultName: defaultMediaName(file.filename) ?? '', sha256: file.sha256 };
  }
}

/** The error's code and the call that failed (ENOSPC, open) when it has one: a file-system message would name a machine path. */
function causeOf(error: unknown): string {
  const { code, syscall, message } = (error ?? {}) as { code?: unknown; syscall?: unknown; message?: unknown };
  if (typeof code === 'string') return typeof syscall === 'string' ? `${code} (${syscall})` : code;
  return typeof message === 'string' ? message : String(error);
}
