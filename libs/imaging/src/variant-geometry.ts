export type VariantSize = 's' | 'm' | 'l' | 'o' | 'social';

/** Target length of the short edge for the scaled sizes. */
export const SHORT_EDGE: Readonly<Record<'s' | 'm' | 'l', number>> = { s: 320, m: 640, l: 1080 };

export const SOCIAL_SIZE = { width: 1200, height: 630 } as const;

export interface Dimensions {
  width: number;
  height: number;
}

/** Scales so the short edge becomes `shortEdge`, keeping the aspect ratio; never enlarges. */
export function fitShortEdge(source: Dimensions, shortEdge: number): Dimensions {
  const short = Math.min(source.width, source.height);
  if (short <= shortEdge) return { width: source.width, height: source.height };
  const scale = shortEdge / short;
  return source.width <= source.height
    ? { width: shortEdge, height: Math.max(1, Math.round(source.height * scale)) }
    : { width: Math.max(1, Math.round(source.width * scale)), height: shortEdge };
}
