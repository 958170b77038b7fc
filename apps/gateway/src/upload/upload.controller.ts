import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { MediaRepository } from '@app/db';
import { IdempotencyService } from '@app/idempotency';
import { CurrentCaller } from '../auth/auth.guard';
import { Ability } from '../auth/route-access';
import type { Caller } from '../auth/caller';
import { prefersAsync } from '../common/prefer-async';
import { RateLimit } from '../rate-limit/rate-limit.guard';
import { AcceptsIdempotencyKey, RequestWithIdempotency } from '../idempotency/idempotency.guard';
import { currentMediaAnswer, mediaCreateAnswer } from '../idempotency/media-create-answer';
import { sendCreateAnswer } from '../idempotency/send-create-answer';
import { UploadService } from './upload.service';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/error-schema';
import { MediaSchema, UploadBodySchema } from '../openapi/media-schemas';
import { KEY_AUTH } from '../openapi/openapi-document';
import { ApiIdempotencyKey } from '../openapi/idempotency-key-header';

@ApiTags('media')
@Controller('v1/upload')
export class UploadController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uploads: UploadService,
    private readonly idempotency: IdempotencyService,
    private readonly media: MediaRepository,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Upload an image (key optional)', description: 'Multipart. `Prefer: respond-async` answers 202 at once while the image is processed.' })
  @ApiBearerAuth(KEY_AUTH)
  @ApiConsumes('multipart/form-data')
  @ApiIdempotencyKey()
  @ApiBody({ type: UploadBodySchema })
  @ApiCreatedResponse({ type: MediaSchema, description: 'Stored' })
  @ApiAcceptedResponse({ type: MediaSchema, description: 'Still processing (`status: processing`)' })
  @ApiErrors('validation_error', 'unauthorized', 'forbidden', 'quota_exceeded', 'rate_limited', 'upload_failed', 'idempotency_key_conflict', 'idempotency_key_in_progress')
  @Ability('write', { anonymous: true })
  @AcceptsIdempotencyKey()
  @RateLimit('media-creation')
  async upload(@Req() req: RequestWithIdempotency, @Res() res: Response, @CurrentCaller() caller: Caller): Promise<void> {
    const respondAsync = prefersAsync(req);
    const answer = await this.idempotency.run(
      req.idempotency,
      {
        create: async (mediaId, fingerprinted) =>
          mediaCreateAnswer(await this.uploads.upload(req, caller, respondAsync, { mediaId, fingerprinted }), this.config),
        fingerprint: () => this.uploads.fingerprintOf(req, caller),
        current: (mediaId) => currentMediaAnswer(mediaId, this.media, this.config),
      },
    );
    sendCreateAnswer(res, answer);
  }
}
