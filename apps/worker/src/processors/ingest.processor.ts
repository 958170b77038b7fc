import { Inject, Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import * as path from 'path';
import { PinoLogger } from 'nestjs-pino';
import { IngestJobData, MediaJobResult } from '@app/jobs';
import { OBJECT_STORE, ObjectStore, stagingKey } from '@app/storage';
import { MediaPipeline } from '../pipeline/media-pipeline.service';
import { runMediaJob } from '../pipeline/run-media-job';
import { withTempWorkspace } from '../pipeline/temp-workspace';

/** Uploaded staging object → sniff → sharp → stored original; or the account's stored object of the same bytes, shared. */
@Injectable()
export class IngestProcessor {
  constructor(
    private readonly pipeline: MediaPipeline,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('IngestProcessor');
  }

  async process(job: Job<IngestJobData>): Promise<MediaJobResult> {
    const { mediaId } = job.data;
    return runMediaJob(job, 'upload_failed', this.pipeline.finalFailureHooks(mediaId), async () => {
      // The same bytes already stored for the account (the gateway hashed them): shared, never decoded. Its
      // transaction locks the row while it is processing, so it is also the check that the work is still to do:
      // a retried or duplicated job finds it done (undefined: the same result), a cancelled one (deleted while
      // it waited) only has its staging object to remove.
      const shared = await this.pipeline.shareStored(mediaId, null);
      if (shared === undefined) {
        await this.removeStaging(mediaId);
        return { mediaId };
      }
      const media =
        shared !== null
          ? shared
          : await withTempWorkspace(async (dir) => {
              const inputPath = path.join(dir, 'source');
              await this.store.downloadToFile(stagingKey(mediaId), inputPath);
              return this.pipeline.storeOriginal(mediaId, inputPath, 'upload_failed');
            });
      await this.removeStaging(mediaId);
      return { mediaId, media };
    });
  }

  /**
   * Once the row is no longer processing the job's outcome is settled: storage failing now must not fail
   * the job (its caller would be told "failed" about a ready media). The leftover sweep removes it later.
   */
  private async removeStaging(mediaId: string): Promise<void> {
    await this.store.delete(stagingKey(mediaId)).catch((error: Error) =>
      this.logger.warn({ mediaId, reason: error.message }, 'staging object could not be removed (left to the leftover sweep)'),
    );
  }
}
