import { Injectable } from '@nestjs/common';
import { DeliverableMedia, MediaRepository } from '@app/db';
import { isMediaId, isVisibleTo, MediaReader } from '@app/media';
import { GatewayCaches } from '../caching/gateway-caches';

/**
 * What delivery serves a media from, when `reader` may see it (a variant follows its original): from the
 * gateway's cache of ready rows, else one plain statement. Visibility is decided on every request (expiry
 * included), so a cached row never outlives its own expires_at.
 */
@Injectable()
export class DeliveryFacts {
  constructor(
    private readonly media: MediaRepository,
    private readonly caches: GatewayCaches,
  ) {}

  async find(reader: MediaReader, id: string): Promise<DeliverableMedia | null> {
    if (!isMediaId(id)) return null;
    const row = await this.caches.deliveryFacts.fetch(id, () => this.media.findDeliverable(id), (found) => found.status === 'ready');
    return isVisibleTo(row, reader) ? row : null;
  }

  /** The cached row when anyone may see it, without waiting; undefined when `find` must be asked. */
  cachedPublic(id: string): DeliverableMedia | undefined {
    const row = this.caches.deliveryFacts.get(id);
    return row !== undefined && isVisibleTo(row, null) ? row : undefined;
  }
}
