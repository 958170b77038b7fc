// The media object is built in libs/media, so the worker's webhook events carry the very object the API answers.
export { presentMedia, srcSegment, srcUrl } from '@app/media';
export type { MediaObject } from '@app/media';
