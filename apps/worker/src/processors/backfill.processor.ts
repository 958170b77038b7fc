import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'crypto';
import { createReadStream } from 'fs';
import * as path from 'path';
import { Job, UnrecoverableError } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { MediaRepository, SHA256_FROM_STORED_FORMATS } from '@app/db';
import { isStoredFormat } from '@app/formats';
import { ImageRejectedError, placeholderOfStored } from '@app/imaging';
import { BackfillJobData, BackfillJobResult } from '@app/jobs';
import { OBJECT_STORE, ObjectStore, originalKey } from '@app/storage';
import { withTempWorkspace } from '../pipeline/temp-workspace';

/**
 * Fills what a media stored before placeholders lacks, from its stored original: the placeholder (not for
 * SVG), and the sha256 where the stored bytes are the uploaded ones by construction (BMP, ICO). Anything
 * already there is left as it is, so a re-run or a duplicate job is harmless.
 */
@Injectable()
export class BackfillProcessor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly media: MediaRepository,
  ) {}

  async process(job: Job<BackfillJobData>): Promise<BackfillJobResult> {
    const { mediaId } = job.data;
    const row = await this.media.findBackfillRow(mediaId);
    if (row?.status !== 'ready' || !row.format || !row.ext || !isStoredFormat(row.format)) return { mediaId, filled: [] };
    const format = row.format;
    const wantsPlaceholder = row.thumbhash === null && format !== 'svg';
    const wantsSha256 = row.sha256 === null && SHA256_FROM_STORED_FORMATS.includes(format);
    if (!wantsPlaceholder && !wantsSha256) return { mediaId, filled: [] };

    const { placeholder, sha256 } = await withTempWorkspace(async (dir) => {
      const file = path.join(dir, 'original');
      // A media sharing another's bytes (dedup) reads them under that object's id.
      await this.store.downloadToFile(originalKey(row.objectId ?? mediaId, row.ext!), file);
      const limits = { maxPixels: this.config.maxInputPixels, timeoutSeconds: this.config.decodeTimeoutSeconds };
      return {
        placeholder: wantsPlaceholder ? await placeholderOfStored(file, format, limits).catch(permanentIfRejected) : null,
        sha256: wantsSha256 ? await sha256Of(file) : null,
      };
    });
    await this.media.fillBackfill(mediaId, { thumbhash: placeholder?.thumbhash ?? null, dominantColor: placeholder?.dominantColor ?? null, sha256 });
    return { mediaId, filled: [...(placeholder ? ['placeholder' as const] : []), ...(sha256 ? ['sha256' as const] : [])] };
  }
}

/** A stored original that does not decode will not decode on a retry either. */
function permanentIfRejected(error: unknown): never {
  if (error instanceof ImageRejectedError) throw new UnrecoverableError(`stored original does not decode: ${error.message}`);
  throw error;
}

function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}
