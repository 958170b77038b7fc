/** `?size=` presets: scaled by short edge (s, m, l), the original dimensions (o), or a padded social card. */
export type VariantSize = 's' | 'm' | 'l' | 'o' | 'social';

export const VARIANT_SIZES: readonly VariantSize[] = ['s', 'm', 'l', 'o', 'social'];

/** Target length of the short edge for the scaled sizes. */
export const SHORT_EDGE: Readonly<Record<'s' | 'm' | 'l', number>> = { s: 320, m: 640, l: 1080 };

export const SOCIAL_SIZE = { width: 1200, height: 630 } as const;
