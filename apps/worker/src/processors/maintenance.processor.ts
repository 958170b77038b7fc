import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@app/config';
import { KeysRepository, MediaRepository, SessionsRepository, UsageRepository } from '@app/db';
import { IdempotencyService } from '@app/idempotency';
import { SweepResult } from '@app/jobs';
import { MediaLifecycle, ObjectsLeftError, SweepFailure } from '@app/media';
import { LeftoverSweep } from './leftover-sweep';
import { LostJobRecovery } from './lost-job-recovery';

const BATCH = 200;

/**
 * The periodic sweep: expired media disappear from storage and the database (their storage freed once,
 * like a delete); deletions a storage fault interrupted are finished; rows whose job was lost become
 * failed, or, while younger than STUCK_PROCESSING_MS, get their job queued again; upload reservations
 * older than that with no media row (their gateway died, or every refund was lost) are given back; failed
 * media whose objects could not be removed at the time are cleaned up; staging objects and temp folders
 * nothing will use again are removed; keys their owner did not approve within 24 hours are removed, and so are
 * Idempotency-Key records past their 24 hours, expired dashboard sessions and used sign-in links past their expiry.
 */
@Injectable()
export class MaintenanceProcessor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly media: MediaRepository,
    private readonly usage: UsageRepository,
    private readonly keys: KeysRepository,
    private readonly sessions: SessionsRepository,
    private readonly lifecycle: MediaLifecycle,
    private readonly leftovers: LeftoverSweep,
    private readonly lostJobs: LostJobRecovery,
    private readonly idempotency: IdempotencyService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('MaintenanceProcessor');
  }

  async process(): Promise<SweepResult> {
    const now = new Date();
    const result: SweepResult = { expired: 0, interrupted: 0, requeued: 0, cleaned: 0, leftovers: 0, deleted: 0, refunded: 0, unapprovedKeys: 0, idempotencyKeys: 0, sessions: 0, signInLinks: 0, failed: 0 };

    for (const row of await this.media.findExpired(now, BATCH)) {
      // Storage down: the row stays deleted (invisible) and the next sweep finishes it below.
      await this.lifecycle.expire(row.id, now).then(
        (expired) => {
          if (expired) result.expired++;
        },
        (error: unknown) => this.notSettled(result, 'expire', { mediaId: row.id, error }),
      );
    }
    const stuckBefore = new Date(now.getTime() - this.config.stuckProcessingMs);
    const finishing = await this.lifecycle.finishDeleted(stuckBefore, BATCH);
    result.deleted = finishing.finished;
    for (const failure of finishing.failures) this.notSettled(result, 'finish deleting', failure);
    for (const row of await this.media.findStuckProcessing(stuckBefore, BATCH)) {
      const code = row.source === 'import' ? 'import_failed' : 'upload_failed';
      await this.lifecycle.fail(row.id, code, 'Processing was interrupted');
      result.interrupted++;
    }
    const recovery = await this.lostJobs.run(now);
    result.requeued = recovery.requeued;
    for (const failure of recovery.failures) this.notSettled(result, 'queue again', failure);
    // STUCK_PROCESSING_MS is far beyond any request (HTTP_REQUEST_TIMEOUT_MS), so no upload still streaming
    // loses its reservation; one that somehow did would be inserted without it, never refunded twice.
    for (const mediaId of await this.usage.findAbandonedReservations(stuckBefore, BATCH)) {
      await this.usage.refundReservation(mediaId);
      result.refunded++;
    }
    for (const row of await this.media.findFailedUncleaned(BATCH)) {
      const left = await this.lifecycle.cleanFailed(row.id);
      if (left.length) this.notSettled(result, 'clean up', { mediaId: row.id, error: new ObjectsLeftError(row.id, left) });
      else result.cleaned++;
    }
    result.leftovers = await this.leftovers.run(now);
    result.unapprovedKeys = await this.keys.deleteExpiredPending(BATCH);
    result.idempotencyKeys = await this.idempotency.sweep(BATCH);
    Object.assign(result, await this.sessions.deleteExpired(BATCH));
    if (Object.values(result).some(Boolean)) this.logger.info(result, 'sweep done');
    return result;
  }

  /** Counted and logged with its cause; the media stays as it is for the next sweep. */
  private notSettled(result: SweepResult, step: string, { mediaId, error }: SweepFailure): void {
    result.failed++;
    this.logger.warn({ mediaId, step, reason: (error as Error).message }, 'the sweep could not settle a media (the next sweep tries again)');
  }
}
