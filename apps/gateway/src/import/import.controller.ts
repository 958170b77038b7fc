import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { MediaRepository } from '@app/db';
import { IdempotencyService } from '@app/idempotency';
import { CurrentCaller } from '../auth/auth.guard';
import { Ability } from '../auth/route-access';
import type { Caller } from '../auth/caller';
import { prefersAsync } from '../common/prefer-async';
import { AcceptsIdempotencyKey, RequestWithIdempotency } from '../idempotency/idempotency.guard';
import { currentMediaAnswer, mediaCreateAnswer } from '../idempotency/media-create-answer';
import { sendCreateAnswer } from '../idempotency/send-create-answer';
import { RateLimit } from '../rate-limit/rate-limit.guard';
import { ImportService } from './import.service';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/error-schema';
import { ImportBodySchema, MediaSchema } from '../openapi/media-schemas';
import { KEY_AUTH } from '../openapi/openapi-document';
import { ApiIdempotencyKey } from '../openapi/idempotency-key-header';

@ApiTags('media')
@Controller('v1/import')
export class ImportController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly imports: ImportService,
    private readonly idempotency: IdempotencyService,
    private readonly media: MediaRepository,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Import an image from a public URL (key optional)', description: 'The fetch has 30 s and follows at most 5 redirects, to public addresses only. `Prefer: respond-async` answers 202 at once.' })
  @ApiBearerAuth(KEY_AUTH)
  @ApiBody({ type: ImportBodySchema })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: MediaSchema, description: 'Stored' })
  @ApiAcceptedResponse({ type: MediaSchema, description: 'Still processing (`status: processing`)' })
  @ApiErrors('validation_error', 'unauthorized', 'forbidden', 'quota_exceeded', 'rate_limited', 'fetch_failed', 'import_failed', 'idempotency_key_conflict', 'idempotency_key_in_progress')
  @Ability('write', { anonymous: true })
  @AcceptsIdempotencyKey()
  @RateLimit('media-creation')
  async import(@Req() req: RequestWithIdempotency, @Res() res: Response, @CurrentCaller() caller: Caller): Promise<void> {
    const fingerprint = this.imports.fingerprintOf(req);
    const answer = await this.idempotency.run(
      req.idempotency,
      {
        create: async (mediaId, fingerprinted) => {
          fingerprinted(fingerprint);
          return mediaCreateAnswer(await this.imports.import(req, caller, prefersAsync(req), mediaId), this.config);
        },
        fingerprint: async () => fingerprint,
        current: (mediaId) => currentMediaAnswer(mediaId, this.media, this.config),
      },
    );
    sendCreateAnswer(res, answer);
  }
}
