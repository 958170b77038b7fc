import type { DeliverableMedia } from '@app/db';
import { FORMAT_INFO } from '@app/formats';
import { originalKey, variantKey } from '@app/storage';
import type { DeliveryTarget } from './delivery-target';
import type { DeliveredObject } from './send-object';

const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

/**
 * The stored object a `src` request names (the original, or one variant), with its validators and headers;
 * `cacheControl` replaces the visibility's own (the dashboard's private thumbnails are never stored).
 */
export function deliveredObjectOf(media: DeliverableMedia, target: DeliveryTarget, cacheControl = cacheControlOf(media)): DeliveredObject {
  return target.kind === 'original' ? originalOf(media, cacheControl) : variantOf(media, target, cacheControl);
}

function cacheControlOf(media: DeliverableMedia): string {
  // Private media may only be kept by the owner's own cache, never a shared one.
  return `${media.isPublic ? 'public' : 'private'}, max-age=31536000, immutable`;
}

function originalOf(media: DeliverableMedia, cacheControl: string): DeliveredObject {
  return {
    key: originalKey(media.objectId, media.ext!),
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
    key: variantKey(media.objectId, target.size, ext),
    etag: `"${media.id}-${media.filesize}-${target.size}.${ext}"`,
    lastModified: media.createdAt,
    contentType,
    cacheControl,
  };
}
