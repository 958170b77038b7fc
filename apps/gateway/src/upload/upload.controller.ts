import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { CurrentCaller } from '../auth/auth.guard';
import { Ability } from '../auth/route-access';
import type { Caller } from '../auth/caller';
import { prefersAsync } from '../common/prefer-async';
import { RateLimit } from '../rate-limit/rate-limit.guard';
import { presentMedia } from '../media/media-presenter';
import { UploadService } from './upload.service';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/error-schema';
import { MediaSchema, UploadBodySchema } from '../openapi/media-schemas';
import { KEY_AUTH } from '../openapi/openapi-document';

@ApiTags('media')
@Controller('v1/upload')
export class UploadController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uploads: UploadService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Upload an image (key optional)', description: 'Multipart. `Prefer: respond-async` answers 202 at once while the image is processed.' })
  @ApiBearerAuth(KEY_AUTH)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadBodySchema })
  @ApiCreatedResponse({ type: MediaSchema, description: 'Stored' })
  @ApiAcceptedResponse({ type: MediaSchema, description: 'Still processing (`status: processing`)' })
  @ApiErrors('validation_error', 'unauthorized', 'forbidden', 'quota_exceeded', 'rate_limited', 'upload_failed')
  @Ability('write', { anonymous: true })
  @RateLimit('media-creation')
  async upload(@Req() req: Request, @Res() res: Response, @CurrentCaller() caller: Caller): Promise<void> {
    const respondAsync = prefersAsync(req);
    const media = await this.uploads.upload(req, caller, respondAsync);
    res.status(media.status === 'ready' ? 201 : 202).json(presentMedia(media, this.config));
  }
}
