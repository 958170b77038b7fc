import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DeliverableMedia } from '@app/db';
import { ApiError, notFound } from '@app/errors';
import { FORMAT_INFO } from '@app/formats';
import { OBJECT_STORE, ObjectStore, originalKey, variantKey } from '@app/storage';
import type { DeliveryTarget } from './delivery-target';
import { clientIp } from '../rate-limit/rate-limit.guard';
import { RateLimiter } from '../rate-limit/rate-limiter.service';
import { DeliveredObject, sendObject } from './send-object';
import { VariantRenderer } from './variant-renderer.service';

const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

/** Serves a visible media's original or variant from storage; a variant not stored yet is rendered first (rate-limited per IP). */
@Injectable()
export class DeliveryService {
  constructor(
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly renderer: VariantRenderer,
    private readonly limiter: RateLimiter,
  ) {}

  /** `cacheControl` replaces the visibility's own (the dashboard's private thumbnails are never stored). */
  async serve(req: Request, res: Response, media: DeliverableMedia, target: DeliveryTarget, cacheControl = cacheControlOf(media)): Promise<void> {
    if (target.kind === 'original') {
      if (!(await sendObject(this.store, req, res, originalOf(media, cacheControl)))) throw notFound();
      return;
    }
    const variant = variantOf(media, target, cacheControl);
    if (await sendObject(this.store, req, res, variant)) return;
    // Only a request that would start a render counts against the `render` rule (per client IP).
    await this.renderer.render(media.id, target.size, target.format, () => this.limiter.enforce('render', { ip: clientIp(req) }, res));
    // Rendered and stored, yet not in storage: storage lost it or is failing right now.
    if (!(await sendObject(this.store, req, res, variant))) throw new ApiError('internal_error');
  }
}

function cacheControlOf(media: DeliverableMedia): string {
  // Private media may only be kept by the owner's own cache, never a shared one.
  return `${media.isPublic ? 'public' : 'private'}, max-age=31536000, immutable`;
}

function originalOf(media: DeliverableMedia, cacheControl: string): DeliveredObject {
  return {
    key: originalKey(media.id, media.ext!),
    etag: `"${media.id}-${media.filesize}"`,
    lastModified: media.createdAt,
    contentType: media.contentType!,
    cacheControl,
    size: Number(media.filesize),
    headers: media.format === 'svg' ? { 'Content-Security-Policy': SVG_POLICY } : undefined,
  };
}

function variantOf(media: DeliverableMedia, target: Extract<DeliveryTarget, { kind: 'variant' }>, cacheControl: string): DeliveredObject {
  const { ext, contentType } = FORMAT_INFO[target.format];
  // A variant is rendered once from an original that never changes, so its key names its bytes for good.
  return {
    key: variantKey(media.id, target.size, ext),
    etag: `"${media.id}-${media.filesize}-${target.size}.${ext}"`,
    lastModified: media.createdAt,
    contentType,
    cacheControl,
  };
}
