import type { AppConfig } from '@app/config';
import type { DeliveryTarget } from '../delivery/delivery-target';
import { deliveryTarget } from '../delivery/delivery-target';
import { srcUrl } from '../media/media-presenter';

type Stored = { id: string; format: string | null; ext: string | null; isPublic: boolean };

/**
 * The extension a grid thumbnail is asked under: the media's own (SVG is only ever served as stored),
 * except BMP and ICO, whose own extension is the untouched original, so they get a PNG `s` variant.
 */
function thumbnailExtension(stored: Pick<Stored, 'format' | 'ext'>): string {
  return stored.format === 'bmp' || stored.format === 'ico' ? 'png' : (stored.ext ?? 'jpg');
}

/** What a thumbnail request serves: the `s` variant (or an SVG as stored), as `src?size=s` would. */
export function thumbnailTarget(stored: Pick<Stored, 'format' | 'ext'>): DeliveryTarget | null {
  if (!stored.format || !stored.ext) return null;
  return deliveryTarget({ format: stored.format, ext: stored.ext }, thumbnailExtension(stored), 's');
}

/**
 * Where the grid loads a thumbnail from: a public media's own `src?size=s` (cacheable by anyone), a private
 * one's dashboard address, which answers only its owner's session (its `src` wants a key, which a browser never sends).
 */
export function thumbnailUrl(config: Pick<AppConfig, 'srcBaseUrl'>, stored: Stored): string {
  if (!stored.isPublic) return `/media/${stored.id}/thumbnail`;
  return `${srcUrl(config, stored.id, thumbnailExtension(stored))}?size=s`;
}
