import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { MediaRepository } from '@app/db';
import { OBJECT_STORE, ObjectStore } from '@app/storage';
import { removeStaleWorkspaces } from '../pipeline/temp-workspace';

const STAGING_PREFIX = 'staging/';
// A staging key is `staging/{id}`; the folder driver's unfinished writes add `.{random}.part`.
const mediaIdOf = (key: string) => key.slice(STAGING_PREFIX.length, STAGING_PREFIX.length + 8);

/**
 * Removes what failed requests and killed processes left: staging objects (finished or not) older than
 * LEFTOVER_AGE_MS whose media has no job that could still read them (no row, or a row no longer
 * processing), and worker temp folders of that age.
 */
@Injectable()
export class LeftoverSweep {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly media: MediaRepository,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
  ) {}

  async run(now: Date): Promise<number> {
    const before = new Date(now.getTime() - this.config.leftoverAgeMs);
    return (await this.sweepStaging(before)) + (await removeStaleWorkspaces(before));
  }

  private async sweepStaging(before: Date): Promise<number> {
    const old = (await this.store.list(STAGING_PREFIX)).filter((object) => object.lastModified < before);
    const statuses = await this.media.statusesOf([...new Set(old.map((object) => mediaIdOf(object.key)))]);
    let removed = 0;
    for (const object of old) {
      if (statuses.get(mediaIdOf(object.key)) === 'processing') continue;
      await this.store.delete(object.key);
      removed++;
    }
    return removed + (await this.store.abortUnfinishedWrites(STAGING_PREFIX, before));
  }
}
