import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { notFound } from '@app/errors';
import { CurrentCaller } from '../auth/auth.guard';
import { Public } from '../auth/route-access';
import { Caller, mediaReaderOf } from '../auth/caller';
import { srcSegment } from '../media/media-presenter';
import { deliveryTarget, parseSize } from './delivery-target';
import { DeliveryFacts } from './delivery-facts';
import { DeliveryService } from './delivery.service';
import { ApiDelivery } from './delivery.openapi';

const FILE_PATTERN = /^([a-z0-9]{8})\.([a-z0-9]{2,5})$/;

/** `SRC_BASE_URL/{seg}/{id}.{ext}?size=`: the original or a variant, with strong caching, ETag, Range and 304. */
@Controller()
export class DeliveryController {
  constructor(
    private readonly facts: DeliveryFacts,
    private readonly delivery: DeliveryService,
  ) {}

  @Get(':seg/:file')
  @Public({ identifiesCaller: true })
  @ApiDelivery()
  async serve(
    @Param('seg') seg: string,
    @Param('file') file: string,
    @Query('size') size: unknown,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    const match = FILE_PATTERN.exec(file);
    if (!match || seg !== srcSegment(match[1])) throw notFound('Not found');
    const [, id, requestedExt] = match;
    // A variant follows its original: whoever may not see the original gets the same 404.
    const row = await this.facts.find(mediaReaderOf(caller), id);
    if (!row) throw notFound();
    const target = deliveryTarget({ format: row.format!, ext: row.ext! }, requestedExt, parseSize(size));
    if (!target) throw notFound();
    await this.delivery.serve(req, res, row, target);
  }
}
