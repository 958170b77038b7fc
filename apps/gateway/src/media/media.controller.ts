import { Body, Controller, Delete, Get, Inject, Param, Patch, Query, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { MediaRepository } from '@app/db';
import { notFound } from '@app/errors';
import { isMediaId, MediaManagement, MediaOwner } from '@app/media';
import { AuthGuard, CurrentCaller, RequiresKey } from '../auth/auth.guard';
import type { Caller, KeyedCaller } from '../auth/caller';
import { FieldErrorCollector, isPlainObject } from '../common/validation';
import { isVisibleTo } from './media-access';
import { parseIdList } from './media-id-list';
import { parseListQuery } from './media-list-query';
import { parsePatchBody } from './media-patch-body';
import { BatchAnswer, MediaListAnswer, presentBatch, presentMediaPage } from './media-list-presenter';
import { MediaObject, presentMedia } from './media-presenter';

const ownerOf = (caller: Caller): MediaOwner => {
  const keyed = caller as KeyedCaller;
  return { accountId: keyed.account.id, verified: keyed.account.verified };
};

@Controller('v1/media')
@UseGuards(AuthGuard)
export class MediaController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly media: MediaRepository,
    private readonly management: MediaManagement,
  ) {}

  @Get()
  @RequiresKey('read')
  async list(@Query() query: Record<string, unknown>, @CurrentCaller() caller: Caller): Promise<MediaListAnswer> {
    const errors = new FieldErrorCollector();
    const request = parseListQuery(query, errors);
    errors.throwIfAny();
    return presentMediaPage(await this.management.listPage(ownerOf(caller), request), this.config);
  }

  @Get(':id')
  async get(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<MediaObject> {
    const row = isMediaId(id) ? await this.media.findById(id) : null;
    if (!isVisibleTo(row, caller, { processing: true })) throw notFound();
    return presentMedia(row, this.config);
  }

  @Patch()
  @RequiresKey('write')
  async patchMany(@Query('ids') ids: unknown, @Body() body: unknown, @Req() req: Request, @CurrentCaller() caller: Caller): Promise<BatchAnswer> {
    const errors = new FieldErrorCollector();
    const list = this.batchIds(ids, errors);
    const patch = parsePatchBody(this.jsonBody(body, req, errors), errors);
    errors.throwIfAny();
    return presentBatch('updated', await this.management.batchPatch(ownerOf(caller), list, patch));
  }

  @Patch(':id')
  @RequiresKey('write')
  async patch(@Param('id') id: string, @Body() body: unknown, @Req() req: Request, @CurrentCaller() caller: Caller): Promise<MediaObject> {
    const errors = new FieldErrorCollector();
    const patch = parsePatchBody(this.jsonBody(body, req, errors), errors);
    errors.throwIfAny();
    return presentMedia(await this.management.patch(ownerOf(caller), id, patch), this.config);
  }

  @Delete()
  @RequiresKey('write')
  async deleteMany(@Query('ids') ids: unknown, @CurrentCaller() caller: Caller): Promise<BatchAnswer> {
    const errors = new FieldErrorCollector();
    const list = this.batchIds(ids, errors);
    errors.throwIfAny();
    return presentBatch('deleted', await this.management.batchDelete(ownerOf(caller), list));
  }

  @Delete(':id')
  @RequiresKey('write')
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

  private jsonBody(body: unknown, req: Request, errors: FieldErrorCollector): Record<string, unknown> {
    if (!req.is('application/json')) errors.add('body', 'Request must be application/json');
    else if (!isPlainObject(body)) errors.add('body', 'Must be a JSON object');
    return isPlainObject(body) ? body : {};
  }
}
