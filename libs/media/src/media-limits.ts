/** At most this many tags on a media, counted after a PATCH's add/remove is applied. */
export const MAX_TAGS = 10;

/** Largest page of GET /v1/media, and the most ids a filter or a batch may name. */
export const MAX_LIST_LIMIT = 100;
export const DEFAULT_LIST_LIMIT = 50;
export const MAX_BATCH_IDS = 100;
