import { thumbHashToDataURL } from 'thumbhash';
import type { MediaObject } from '../media/media-presenter';

const COLOUR = /^#[0-9a-f]{6}$/i;
const BASE64 = /^[A-Za-z0-9+/]{6,}={0,2}$/;

/** A media object's dominant colour, when it has a well-formed one (lower case): safe to write into CSS. */
export function placeholderColour(media: Pick<MediaObject, 'dominant_color'>): string | undefined {
  const colour = media.dominant_color;
  return typeof colour === 'string' && COLOUR.test(colour) ? colour.toLowerCase() : undefined;
}

/** The ThumbHash drawn as a tiny PNG (at most 32 px a side), as a `data:` URL; undefined when there is none to draw. */
export function thumbhashImage(media: Pick<MediaObject, 'thumbhash'>): string | undefined {
  if (typeof media.thumbhash !== 'string' || !BASE64.test(media.thumbhash)) return undefined;
  try {
    const url = thumbHashToDataURL(Buffer.from(media.thumbhash, 'base64'));
    return /^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(url) ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CSS declarations painting a media's placeholder behind its image until it loads: the dominant colour and,
 * with `thumbhash`, the ThumbHash stretched over the box. The pages' CSP allows no `style` attribute, so they
 * go into a rule of the page's hashed stylesheet; the ThumbHash needs `data:` among the CSP's image sources.
 * Undefined when the media has no placeholder (SVG, or not computed yet).
 */
export function placeholderBackground(media: Pick<MediaObject, 'dominant_color' | 'thumbhash'>, options: { thumbhash: boolean }): string | undefined {
  const colour = placeholderColour(media);
  const image = options.thumbhash ? thumbhashImage(media) : undefined;
  if (!colour && !image) return undefined;
  return `background:${colour ?? 'transparent'}${image ? ` url("${image}") center/100% 100% no-repeat` : ''}`;
}
