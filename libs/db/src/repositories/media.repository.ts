import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, LessThanOrEqual } from 'typeorm';
import { MediaEntity } from '../entities/media.entity';

export type NewMedia = Omit<
  MediaEntity,
  'status' | 'format' | 'ext' | 'contentType' | 'width' | 'height' | 'filesize' | 'failureCode' | 'failureMessage' | 'cleanedAt' | 'updatedAt'
>;

export interface ReadyDetails {
  format: string;
  ext: string;
  contentType: string;
  width: number;
  height: number;
  filesize: number;
}

@Injectable()
export class MediaRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(MediaEntity);
  }

  async insertProcessing(media: NewMedia): Promise<MediaEntity> {
    const row = this.repo.create({ ...media, status: 'processing' });
    await this.repo.insert(row);
    return row;
  }

  findById(id: string): Promise<MediaEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Marks a processing row ready and returns its final name; null when the row is gone or already finished. */
  async markReady(id: string, details: ReadyDetails): Promise<string | null> {
    const result = await this.repo
      .createQueryBuilder()
      .update()
      // A media created without a usable name is called after its id and real format.
      .set({ ...details, status: 'ready', name: () => `CASE WHEN name = '' THEN id || '.' || :ext ELSE name END` })
      .where({ id, status: 'processing' })
      .setParameter('ext', details.ext)
      .returning(['name'])
      .execute();
    const rows = result.raw as { name: string }[];
    return rows.length ? rows[0].name : null;
  }

  async markFailed(id: string, failureCode: string, failureMessage: string): Promise<void> {
    await this.repo.update({ id, status: 'processing' }, { status: 'failed', failureCode, failureMessage });
  }

  async deleteRow(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  /** Ready media whose expiry has passed, oldest first. */
  findExpired(now: Date, limit: number): Promise<MediaEntity[]> {
    return this.repo.find({ where: { status: 'ready', expiresAt: LessThanOrEqual(now) }, order: { expiresAt: 'ASC' }, take: limit });
  }

  /** Rows still processing long after any job could have finished: their job was lost. */
  findStuckProcessing(createdBefore: Date, limit: number): Promise<MediaEntity[]> {
    return this.repo.find({ where: { status: 'processing', createdAt: LessThan(createdBefore) }, take: limit });
  }

  findFailedUncleaned(limit: number): Promise<MediaEntity[]> {
    return this.repo.find({ where: { status: 'failed', cleanedAt: IsNull() }, take: limit });
  }

  async markCleaned(id: string): Promise<void> {
    await this.repo.update({ id }, { cleanedAt: new Date() });
  }
}
