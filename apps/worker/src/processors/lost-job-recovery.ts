import { Inject, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { MediaEntity, MediaRepository } from '@app/db';
import { IMPORT_QUEUE, ImportJobData, importJob, INGEST_QUEUE, IngestJobData, ingestJob } from '@app/jobs';
import { SweepFailure } from '@app/media';
import { OBJECT_STORE, ObjectStore, stagingKey } from '@app/storage';

/** Rows read from the database at a time; the sweep pages through all of them. */
const PAGE_SIZE = 200;

/**
 * Queues again the jobs Redis lost (a restart without persistence drops every queued job): a media
 * still processing after LOST_JOB_GRACE_MS whose job is no longer in its queue, and whose staging
 * object (uploads) is still there, gets a new job under the same id. The job id is the media id, so a
 * job that does exist is never doubled; a job that finds its row no longer processing discards its work.
 */
@Injectable()
export class LostJobRecovery {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly media: MediaRepository,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @InjectQueue(INGEST_QUEUE) private readonly ingestQueue: Queue<IngestJobData>,
    @InjectQueue(IMPORT_QUEUE) private readonly importQueue: Queue<ImportJobData>,
  ) {}

  /**
   * How many jobs were queued again, and the media that could not be: one such row (Redis refusing its job)
   * must not stop the rows after it, nor the rest of the sweep.
   */
  async run(now: Date): Promise<{ requeued: number; failures: SweepFailure[] }> {
    const before = new Date(now.getTime() - this.config.lostJobGraceMs);
    let requeued = 0;
    const failures: SweepFailure[] = [];
    for await (const row of this.media.eachStuckProcessing(before, PAGE_SIZE)) {
      await this.requeue(row).then(
        (queued) => queued && requeued++,
        (error: unknown) => failures.push({ mediaId: row.id, error }),
      );
    }
    return { requeued, failures };
  }

  private async requeue(row: MediaEntity): Promise<boolean> {
    if (row.source === 'import') {
      if (!row.sourceUrl || (await this.importQueue.getJobState(row.id)) !== 'unknown') return false;
      await this.importQueue.add(...importJob(this.config, { mediaId: row.id, url: row.sourceUrl, anonymous: row.accountId === null }));
      return true;
    }
    if ((await this.ingestQueue.getJobState(row.id)) !== 'unknown') return false;
    // Without its staging object the upload cannot be processed: the stuck-processing sweep fails it later.
    if (!(await this.store.head(stagingKey(row.id)))) return false;
    await this.ingestQueue.add(...ingestJob(row.id));
    return true;
  }
}
