import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { MediaRepository } from '@app/db';
import { notFound } from '@app/errors';
import { AuthGuard, CurrentCaller } from '../auth/auth.guard';
import type { Caller } from '../auth/caller';
import { isVisibleTo } from './media-access';
import { MediaObject, presentMedia } from './media-presenter';

const MEDIA_ID = /^[a-z0-9]{8}$/;

@Controller('v1/media')
@UseGuards(AuthGuard)
export class MediaController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly media: MediaRepository,
  ) {}

  @Get(':id')
  async get(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<MediaObject> {
    const row = MEDIA_ID.test(id) ? await this.media.findById(id) : null;
    if (!isVisibleTo(row, caller, { processing: true })) throw notFound();
    return presentMedia(row, this.config);
  }
}
