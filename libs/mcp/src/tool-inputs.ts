import { z } from 'zod';
import { MAX_DESCRIPTION_LENGTH, MAX_LIST_LIMIT, MAX_NAME_LENGTH, MAX_TAG_LENGTH, MAX_TAGS, MAX_TTL_DAYS, MIN_TTL_SECONDS, NAMESPACE_PATTERN, SHA256_PATTERN } from '@app/media';

// Types are kept loose on purpose: the REST validation judges the values, so a bad one is answered with the
// same `validation_error` body (and its `errors` per field) as over REST, not with a protocol error.
const tags = z.union([z.string(), z.array(z.string())]).describe(`Up to ${MAX_TAGS} tags, each at most ${MAX_TAG_LENGTH} characters (a list or a comma-separated string)`);
const namespace = z.string().describe(`Matching ${NAMESPACE_PATTERN.source}`);
const isPublic = z.union([z.boolean(), z.string()]).describe('Whether anyone may see it (default true)');
const ttl = z.union([z.number(), z.string()]).describe(`Expiry: seconds (at least ${MIN_TTL_SECONDS}) or a duration like 5m, 12h, 30d (at most ${MAX_TTL_DAYS}d)`);
const name = z.string().describe(`At most ${MAX_NAME_LENGTH} characters`);
const description = z.string().describe(`At most ${MAX_DESCRIPTION_LENGTH} characters`);

/** The optional fields of upload and import (SPEC §3). */
export const MEDIA_FIELDS = {
  name: name.optional().describe(`Display name (defaults to the file name), at most ${MAX_NAME_LENGTH} characters`),
  tags: tags.optional(),
  namespace: namespace.optional(),
  public: isPublic.optional(),
  ttl: ttl.optional(),
  date: z.string().optional().describe('ISO date or datetime'),
  description: description.optional(),
};

const IDEMPOTENCY_KEY = {
  idempotency_key: z.string().optional().describe('Sent as the Idempotency-Key header: a retry with the same key and request answers the first result again, never a second media (1-255 printable ASCII characters, kept 24 h)'),
};

export const CREATE_KEY_INPUT = {
  email: z.string().describe('The account owner\'s email; a verification mail is sent to it'),
  name: z.string().optional().describe('Key name (default "Default")'),
};

export const UPLOAD_INPUT = {
  data_base64: z.string().optional().describe('The image bytes, base64-encoded (anonymous: 20 MB, keyed: 70 MB, SVG 10 MB)'),
  filename: z.string().optional().describe('File name, e.g. photo.jpg (the format is detected from the bytes)'),
  ...MEDIA_FIELDS,
  ...IDEMPOTENCY_KEY,
};

export const FILE_PATH_INPUT = {
  file_path: z.string().optional().describe('A local file to upload instead of data_base64'),
};

export const IMPORT_INPUT = {
  url: z.string().describe('Absolute http(s) URL of a public image; fetched within 30 s, at most 5 redirects'),
  ...MEDIA_FIELDS,
  ...IDEMPOTENCY_KEY,
};

export const LIST_INPUT = {
  limit: z.union([z.number(), z.string()]).optional().describe(`1-${MAX_LIST_LIMIT} (default 50)`),
  cursor: z.string().optional().describe('pagination.next_cursor of the previous page'),
  tags: tags.optional(),
  tag_mode: z.string().optional().describe('any (default) or all'),
  namespace: namespace.optional(),
  sha256: z.string().optional().describe(`Only media uploaded with exactly these bytes: their SHA-256, matching ${SHA256_PATTERN.source} (skip an upload already made)`),
};

export const MEDIA_ID_INPUT = {
  id: z.string().describe('The media id (8 characters)'),
};

export const UPDATE_INPUT = {
  id: z.string().describe('The media id (8 characters)'),
  name: name.optional(),
  tags: tags.optional(),
  tag_mode: z.string().optional().describe('replace (default), add or remove'),
  public: isPublic.optional(),
  namespace: namespace.nullable().optional().describe('null clears it'),
  date: z.string().nullable().optional(),
  description: description.nullable().optional(),
  ttl: ttl.nullable().optional().describe('null makes it permanent (verified accounts only)'),
};
