import { Controller, Get, Inject, Next, Param, Res } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { isMediaId, MediaManagement } from '@app/media';
import { presentMedia } from '../media/media-presenter';
import { sendHashedPage } from '../pages/hashed-page';
import { missingMediaPage, viewerPage } from './viewer-page';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/error-schema';
import { Public } from '../auth/route-access';

/**
 * `WEB_BASE_URL/{id}`: the page a shared link opens. Viewers are anonymous, so private media are not
 * shown even to their owner (a key is never sent by a browser anyway). Registered after every other
 * one-segment route; a path that is not a media id is passed on, so it can never shadow one.
 */
@ApiTags('pages')
@Controller()
@Public()
export class ViewerPageController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly media: MediaManagement,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'Viewer page of a public media (WEB_BASE_URL/{id}) with Open Graph and Twitter card tags' })
  @ApiParam({ name: 'id', schema: { type: 'string', pattern: '^[a-z0-9]{8}$' } })
  @ApiOkResponse({ description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: 'HTML page: unknown, private, deleted or expired', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiErrors()
  async view(@Param('id') id: string, @Res() res: Response, @Next() next: NextFunction): Promise<void> {
    if (!isMediaId(id)) return next();
    // Read as anyone: a browser never sends a key.
    const row = await this.media.findVisible(null, id);
    if (!row) {
      res.set('Cache-Control', 'no-store');
      return sendHashedPage(res, 404, missingMediaPage(`${this.config.webBaseUrl}/api/quick-start`));
    }
    // Short, so a media made private or deleted stops showing soon in shared caches.
    res.set('Cache-Control', 'public, max-age=60');
    sendHashedPage(res, 200, viewerPage(presentMedia(row, this.config)));
  }
}
