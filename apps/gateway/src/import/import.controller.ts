import { Body, Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { parseImportUrl } from '@app/fetch';
import { CurrentCaller } from '../auth/auth.guard';
import { Ability } from '../auth/route-access';
import type { Caller } from '../auth/caller';
import { generateMediaId } from '../auth/key-secrets';
import { prefersAsync } from '../common/prefer-async';
import { FieldErrorCollector, isPlainObject } from '../common/validation';
import { MediaCreationService } from '../media/media-creation.service';
import { defaultNameForUrl } from '../media/default-name';
import { parseMediaFields } from '../media/media-fields';
import { presentMedia } from '../media/media-presenter';
import { RateLimit } from '../rate-limit/rate-limit.guard';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/error-schema';
import { ImportBodySchema, MediaSchema } from '../openapi/media-schemas';
import { KEY_AUTH } from '../openapi/openapi-document';

@ApiTags('media')
@Controller('v1/import')
export class ImportController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly creation: MediaCreationService,
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
  async import(@Body() body: unknown, @Req() req: Request, @Res() res: Response, @CurrentCaller() caller: Caller) {
    const errors = new FieldErrorCollector();
    if (!req.is('application/json')) errors.add('body', 'Request must be application/json');
    const input = isPlainObject(body) ? body : {};
    const url = parseImportUrl(input.url);
    if (input.url === undefined || input.url === null || input.url === '') errors.add('url', 'URL is required');
    else if (!url.ok) errors.add('url', url.message);
    const fields = parseMediaFields(input, errors);
    errors.throwIfAny();
    const target = (url as { ok: true; url: URL }).url;
    const mediaId = generateMediaId();
    const reservation = await this.creation.reserveFor(caller, mediaId);
    const media = await this.creation.fromUrl(
      { caller, mediaId, fields, defaultName: defaultNameForUrl(target) ?? '', respondAsync: prefersAsync(req), reservation },
      target.href,
    );
    res.status(media.status === 'ready' ? 201 : 202).json(presentMedia(media, this.config));
  }
}
