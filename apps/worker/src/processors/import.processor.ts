import { Inject, Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import { createWriteStream } from 'fs';
import * as path from 'path';
import { APP_CONFIG, AppConfig } from '@app/config';
import { FetchError, fetchToSink } from '@app/fetch';
import { ImportJobData, MediaJobResult } from '@app/jobs';
import { MediaPipeline } from '../pipeline/media-pipeline.service';
import { PermanentFailure } from '../pipeline/permanent-failure';
import { isLastAttempt, runMediaJob } from '../pipeline/run-media-job';
import { withTempWorkspace } from '../pipeline/temp-workspace';
import { fetchFailureToJobFailure } from './fetch-failure';
import { HashingSink } from './hashing-sink';

/** User URL → SSRF-safe fetch (one deadline for the whole fetch) → the same pipeline as uploads. */
@Injectable()
export class ImportProcessor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pipeline: MediaPipeline,
  ) {}

  async process(job: Job<ImportJobData>): Promise<MediaJobResult> {
    const { mediaId, url, maxBytes } = job.data;
    const hooks = this.pipeline.finalFailureHooks(mediaId);
    return runMediaJob(job, 'import_failed', hooks, async () => {
      if (!(await this.pipeline.needsProcessing(job))) return { mediaId };
      const media = await withTempWorkspace(async (dir) => {
        const inputPath = path.join(dir, 'source');
        const sha256 = await this.fetch(url, inputPath, maxBytes, isLastAttempt(job));
        // Bytes the account already stores are shared, never decoded.
        const shared = await this.pipeline.shareStored(mediaId, sha256);
        return shared !== null ? shared : this.pipeline.storeOriginal(mediaId, inputPath, 'import_failed', sha256);
      });
      return { mediaId, media };
    });
  }

  /** Fetches into `inputPath` and resolves with the hex sha256 of the fetched bytes. */
  private async fetch(url: string, inputPath: string, maxBytes: number, lastAttempt: boolean): Promise<string> {
    const sink = new HashingSink(createWriteStream(inputPath));
    try {
      await fetchToSink(url, sink, {
        timeoutMs: this.config.importTimeoutMs,
        maxBytes,
        allowedCidrs: this.config.importAllowedCidrs,
      });
      return sink.sha256;
    } catch (error) {
      // A transient network failure is retried; on the last attempt it is answered as the fetch error it is.
      if (error instanceof FetchError && (!error.transient || lastAttempt)) {
        throw new PermanentFailure(fetchFailureToJobFailure(error));
      }
      throw error;
    }
  }
}
