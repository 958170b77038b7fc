/** At most this many tags on a media, counted after a PATCH's add/remove is applied. */
export const MAX_TAGS = 10;

/** Largest page of GET /v1/media, and the most ids a filter or a batch may name. */
export const MAX_LIST_LIMIT = 100;
export const DEFAULT_LIST_LIMIT = 50;
export const MAX_BATCH_IDS = 100;

// Field limits of upload, import and PATCH: the validation, the OpenAPI schemas and the MCP tools' schemas all read these.
export const MAX_TAG_LENGTH = 50;
export const MIN_TTL_SECONDS = 300;
export const MAX_TTL_DAYS = 90;
export const MAX_TTL_SECONDS = MAX_TTL_DAYS * 86400;
export const NAMESPACE_PATTERN = /^[a-z0-9-]{2,64}$/;
export const MAX_NAME_LENGTH = 255;
export const MAX_DESCRIPTION_LENGTH = 5000;

/** A media's `sha256` as GET /v1/media's filter takes it (and the API answers it): 64 lowercase hex digits. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
export const SHA256_MESSAGE = 'Must be 64 lowercase hexadecimal characters';
