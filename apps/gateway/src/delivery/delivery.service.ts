import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DeliverableMedia } from '@app/db';
import { ApiError, notFound } from '@app/errors';
import { OBJECT_STORE, ObjectStore } from '@app/storage';
import type { DeliveryTarget } from './delivery-target';
import { clientIp } from '../rate-limit/rate-limit.guard';
import { RateLimiter } from '../rate-limit/rate-limiter.service';
import { deliveredObjectOf } from './delivered-object';
import { sendObject } from './send-object';
import { VariantRenderer } from './variant-renderer.service';

/** Serves a visible media's original or variant from storage; a variant not stored yet is rendered first (rate-limited per IP). */
@Injectable()
export class DeliveryService {
  constructor(
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly renderer: VariantRenderer,
    private readonly limiter: RateLimiter,
  ) {}

  /** `cacheControl` replaces the visibility's own (the dashboard's private thumbnails are never stored). */
  async serve(req: Request, res: Response, media: DeliverableMedia, target: DeliveryTarget, cacheControl?: string): Promise<void> {
    const object = deliveredObjectOf(media, target, cacheControl);
    if (target.kind === 'original') {
      if (!(await sendObject(this.store, req, res, object))) throw notFound();
      return;
    }
    if (await sendObject(this.store, req, res, object)) return;
    // Only a request that would start a render counts against the `render` rule (per client IP).
    await this.renderer.render(media.objectId, target.size, target.format, () => this.limiter.enforce('render', { ip: clientIp(req) }, res));
    // Rendered and stored, yet not in storage: storage lost it or is failing right now.
    if (!(await sendObject(this.store, req, res, object))) throw new ApiError('internal_error');
  }
}
