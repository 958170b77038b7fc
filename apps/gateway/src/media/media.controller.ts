import { Body, Controller, Delete, Get, Inject, Param, Patch, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { notFound } from '@app/errors';
import { MediaManagement, MediaOwner } from '@app/media';
import { RateLimit } from '../rate-limit/rate-limit.guard';
import { CurrentCaller } from '../auth/auth.guard';
import { Ability, Public } from '../auth/route-access';
import { Caller, KeyedCaller, mediaReaderOf } from '../auth/caller';
import { FieldErrorCollector, jsonObjectBody } from '../common/validation';
import { parseIdList } from './media-id-list';
import { parseListQuery } from './media-list-query';
import { parsePatchBody } from './media-patch-body';
import { BatchAnswer, MediaListAnswer, presentBatch, presentMediaPage } from './media-list-presenter';
import { MediaObject, presentMedia } from './media-presenter';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/error-schema';
import { ApiBatchIds, ApiMediaListQuery, BatchDeleteSchema, BatchUpdateSchema, DeletedMediaSchema, MediaListSchema, MediaPatchSchema, MediaSchema } from '../openapi/media-schemas';
import { KEY_AUTH } from '../openapi/openapi-document';

const ownerOf = (caller: Caller): MediaOwner => {
  const keyed = caller as KeyedCaller;
  return { accountId: keyed.account.id, verified: keyed.account.verified };
};

@ApiTags('media')
@ApiBearerAuth(KEY_AUTH)
@Controller('v1/media')
export class MediaController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly management: MediaManagement,
  ) {}

  @Get()
  @Ability('read')
  @ApiOperation({ summary: 'The caller’s media, newest first (read)' })
  @ApiMediaListQuery()
  @ApiOkResponse({ type: MediaListSchema })
  @ApiErrors('unauthorized', 'forbidden', 'validation_error', 'rate_limited')
  @RateLimit('keyed')
  async list(@Query() query: Record<string, unknown>, @CurrentCaller() caller: Caller): Promise<MediaListAnswer> {
    const errors = new FieldErrorCollector();
    const request = parseListQuery(query, errors);
    errors.throwIfAny();
    return presentMediaPage(await this.management.listPage(ownerOf(caller), request), this.config);
  }

  @Get(':id')
  @Public({ identifiesCaller: true })
  @ApiOperation({ summary: 'One media (auth optional: public media to anyone, private ones to their owner)' })
  @ApiOkResponse({ type: MediaSchema })
  @ApiErrors('unauthorized', 'not_found', 'rate_limited')
  @RateLimit('keyed')
  async get(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<MediaObject> {
    const media = await this.management.findVisible(mediaReaderOf(caller), id, { processing: true });
    if (!media) throw notFound();
    return presentMedia(media, this.config);
  }

  @Patch()
  @Ability('write')
  @ApiOperation({ summary: 'Update several media at once, each on its own (write)' })
  @ApiBatchIds()
  @ApiBody({ type: MediaPatchSchema })
  @ApiOkResponse({ type: BatchUpdateSchema })
  @ApiErrors('unauthorized', 'forbidden', 'validation_error', 'rate_limited')
  @RateLimit('keyed')
  async patchMany(@Query('ids') ids: unknown, @Body() body: unknown, @Req() req: Request, @CurrentCaller() caller: Caller): Promise<BatchAnswer> {
    const errors = new FieldErrorCollector();
    const list = this.batchIds(ids, errors);
    const patch = parsePatchBody(jsonObjectBody(body, req, errors), errors);
    errors.throwIfAny();
    return presentBatch('updated', await this.management.batchPatch(ownerOf(caller), list, patch));
  }

  @Patch(':id')
  @Ability('write')
  @ApiOperation({ summary: 'Update a media’s metadata (write)' })
  @ApiBody({ type: MediaPatchSchema })
  @ApiOkResponse({ type: MediaSchema })
  @ApiErrors('unauthorized', 'forbidden', 'not_found', 'validation_error', 'update_failed', 'rate_limited')
  @RateLimit('keyed')
  async patch(@Param('id') id: string, @Body() body: unknown, @Req() req: Request, @CurrentCaller() caller: Caller): Promise<MediaObject> {
    const errors = new FieldErrorCollector();
    const patch = parsePatchBody(jsonObjectBody(body, req, errors), errors);
    errors.throwIfAny();
    return presentMedia(await this.management.patch(ownerOf(caller), id, patch), this.config);
  }

  @Delete()
  @Ability('write')
  @ApiOperation({ summary: 'Delete several media at once, each on its own (write)' })
  @ApiBatchIds()
  @ApiOkResponse({ type: BatchDeleteSchema })
  @ApiErrors('unauthorized', 'forbidden', 'validation_error', 'rate_limited')
  @RateLimit('keyed')
  async deleteMany(@Query('ids') ids: unknown, @CurrentCaller() caller: Caller): Promise<BatchAnswer> {
    const errors = new FieldErrorCollector();
    const list = this.batchIds(ids, errors);
    errors.throwIfAny();
    return presentBatch('deleted', await this.management.batchDelete(ownerOf(caller), list));
  }

  @Delete(':id')
  @Ability('write')
  @ApiOperation({ summary: 'Delete a media: its original, every variant and its row; frees its storage (write)' })
  @ApiOkResponse({ type: DeletedMediaSchema })
  @ApiErrors('unauthorized', 'forbidden', 'not_found', 'delete_failed', 'rate_limited')
  @RateLimit('keyed')
  async delete(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<{ success: true; id: string }> {
    await this.management.delete(ownerOf(caller), id);
    return { success: true, id };
  }

  private batchIds(ids: unknown, errors: FieldErrorCollector): string[] {
    if (ids === undefined || ids === '') {
      errors.add('ids', 'Ids are required');
      return [];
    }
    const parsed = parseIdList(ids, { strict: false });
    if ('error' in parsed) {
      errors.add('ids', parsed.error);
      return [];
    }
    return parsed.value;
  }
}
