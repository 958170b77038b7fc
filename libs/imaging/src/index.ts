export { ImageRejectedError, type ImageRejectionReason } from './errors';
export { sniffFormat } from './sniff-format';
export { readHead, SNIFF_BYTES } from './read-head';
export { normaliseImage } from './normalise-image';
export type { NormalisedImage, NormaliseOptions } from './normalised-image';
export { sanitiseSvg } from './svg-sanitise';
export { renderVariant, type RenderedVariant } from './render-variant';
export { fitShortEdge } from './variant-geometry';
export { variantInputPath } from './variant-input';
