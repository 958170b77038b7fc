import { Controller, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AnonymousOrKey, AuthGuard, CurrentCaller } from '../auth/auth.guard';
import type { Caller } from '../auth/caller';
import { prefersAsync } from '../common/prefer-async';
import { RateLimited } from '../rate-limit/rate-limit.guard';
import { presentMedia } from '../media/media-presenter';
import { UploadService } from './upload.service';

@Controller('v1/upload')
@UseGuards(AuthGuard)
export class UploadController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uploads: UploadService,
  ) {}

  @Post()
  @AnonymousOrKey('write')
  @RateLimited('media-creation')
  async upload(@Req() req: Request, @Res() res: Response, @CurrentCaller() caller: Caller): Promise<void> {
    const respondAsync = prefersAsync(req);
    const media = await this.uploads.upload(req, caller, respondAsync);
    res.status(media.status === 'ready' ? 201 : 202).json(presentMedia(media, this.config));
  }
}
