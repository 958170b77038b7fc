import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { CurrentCaller } from '../auth/auth.guard';
import { Ability } from '../auth/route-access';
import type { Caller } from '../auth/caller';
import { prefersAsync } from '../common/prefer-async';
import { presentMedia } from '../media/media-presenter';
import { RateLimit } from '../rate-limit/rate-limit.guard';
import { ImportService } from './import.service';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/error-schema';
import { ImportBodySchema, MediaSchema } from '../openapi/media-schemas';
import { KEY_AUTH } from '../openapi/openapi-document';

@ApiTags('media')
@Controller('v1/import')
export class ImportController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly imports: ImportService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Import an image from a public URL (key optional)', description: 'The fetch has 30 s and follows at most 5 redirects, to public addresses only. `Prefer: respond-async` answers 202 at once.' })
  @ApiBearerAuth(KEY_AUTH)
  @ApiBody({ type: ImportBodySchema })
  @ApiCreatedResponse({ type: MediaSchema, description: 'Stored' })
  @ApiAcceptedResponse({ type: MediaSchema, description: 'Still processing (`status: processing`)' })
  @ApiErrors('validation_error', 'unauthorized', 'forbidden', 'quota_exceeded', 'rate_limited', 'fetch_failed', 'import_failed')
  @Ability('write', { anonymous: true })
  @RateLimit('media-creation')
  async import(@Req() req: Request, @Res() res: Response, @CurrentCaller() caller: Caller): Promise<void> {
    const media = await this.imports.import(req, caller, prefersAsync(req));
    res.status(media.status === 'ready' ? 201 : 202).json(presentMedia(media, this.config));
  }
}
