import type { DeliverableMedia } from '@app/db';
import type { VariantSize } from '@app/formats';
import { deliveredObjectOf } from './delivered-object';
import { deliveryTarget, parseSize } from './delivery-target';
import { DeliveredObject, representationHeaders } from './send-object';

export interface PreparedObject {
  object: DeliveredObject;
  /** `representationHeaders(object)`, formatted once. */
  headers: readonly string[];
  /** The same as an object for `writeHead`, with an `X-Request-Id` the 304 fills in. */
  notModified: Record<string, string>;
}

/**
 * The stored object each `src` URL of a cached media row names, with its headers formatted: kept on the row
 * object itself (a WeakMap), so that a row re-read or dropped from the cache takes its prepared answers with
 * it. Only URLs that name something are kept (a few extensions × sizes per media).
 */
export class PreparedObjects {
  private readonly byRow = new WeakMap<DeliverableMedia, Map<string, Map<VariantSize | undefined, PreparedObject>>>();

  of(media: DeliverableMedia, ext: string, rawSize: unknown): PreparedObject | null {
    const size = parseSize(rawSize);
    let byExt = this.byRow.get(media);
    const kept = byExt?.get(ext)?.get(size);
    if (kept) return kept;
    const target = deliveryTarget({ format: media.format!, ext: media.ext! }, ext, size);
    if (!target) return null;
    const object = deliveredObjectOf(media, target);
    const headers = representationHeaders(object);
    const notModified: Record<string, string> = {};
    for (let i = 0; i < headers.length; i += 2) notModified[headers[i]] = headers[i + 1];
    notModified['X-Request-Id'] = '';
    const prepared = { object, headers, notModified };
    if (!byExt) this.byRow.set(media, (byExt = new Map()));
    let bySize = byExt.get(ext);
    if (!bySize) byExt.set(ext, (bySize = new Map()));
    bySize.set(size, prepared);
    return prepared;
  }
}
