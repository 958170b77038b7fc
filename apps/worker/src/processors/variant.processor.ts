import { Inject, Injectable } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import * as path from 'path';
import { APP_CONFIG, AppConfig } from '@app/config';
import { MediaVariantsRepository, StoredObjectsRepository } from '@app/db';
import { encodeJobFailure } from '@app/errors';
import { FORMAT_INFO } from '@app/formats';
import { ImageRejectedError, renderVariant, variantInputPath } from '@app/imaging';
import { VARIANT_FAILURES, VariantJobData, VariantJobResult } from '@app/jobs';
import { OBJECT_STORE, ObjectStore, originalKey, variantKey } from '@app/storage';
import { isLastAttempt } from '../pipeline/run-media-job';
import { PermanentFailure } from '../pipeline/permanent-failure';
import { withTempWorkspace } from '../pipeline/temp-workspace';
import { WorkerMetrics } from '../metrics/worker-metrics';

/** Stored original → one delivery variant (size × format), stored under its variant key and counted once. */
@Injectable()
export class VariantProcessor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly objects: StoredObjectsRepository,
    private readonly variants: MediaVariantsRepository,
    private readonly metrics: WorkerMetrics,
  ) {}

  async process(job: Job<VariantJobData>): Promise<VariantJobResult> {
    try {
      return await this.render(job.data);
    } catch (error) {
      const permanent = error instanceof PermanentFailure;
      if (!permanent && !isLastAttempt(job)) throw error;
      throw new UnrecoverableError(encodeJobFailure(permanent ? error.failure : VARIANT_FAILURES.fault));
    }
  }

  private async render({ objectId: named, mediaId, size, format }: VariantJobData): Promise<VariantJobResult> {
    // A job an older gateway queued during an upgrade names the media: its id is its object's.
    const objectId = named ?? mediaId!;
    const object = await this.objects.findLive(objectId);
    if (!object) throw new PermanentFailure(VARIANT_FAILURES.gone);
    const key = variantKey(objectId, size, FORMAT_INFO[format].ext);
    const limits = { maxPixels: this.config.maxInputPixels, timeoutSeconds: this.config.decodeTimeoutSeconds };
    const rendered = await withTempWorkspace(async (dir) => {
      const originalPath = path.join(dir, 'original');
      const outputPath = path.join(dir, 'variant');
      await this.store.downloadToFile(originalKey(objectId, object.ext), originalPath);
      const result = await rejectionsArePermanent(async () =>
        renderVariant(await variantInputPath(originalPath, path.join(dir, 'decoded.png'), limits), outputPath, size, format, limits),
      );
      await this.store.putFile(key, outputPath, FORMAT_INFO[format].contentType);
      return result;
    });
    if ((await this.variants.record(objectId, key, rendered.filesize)) === 'gone') {
      // Its last media deleted while rendering: its objects may already have been listed and removed, so this one would be an orphan.
      await this.store.delete(key);
      throw new PermanentFailure(VARIANT_FAILURES.gone);
    }
    this.metrics.storedBytes.inc({ kind: 'variant' }, rendered.filesize);
    return { key, ...rendered };
  }
}

async function rejectionsArePermanent<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ImageRejectedError) throw new PermanentFailure(VARIANT_FAILURES.unrenderable);
    throw error;
  }
}
