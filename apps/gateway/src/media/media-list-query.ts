import { decodeCursor, DEFAULT_LIST_LIMIT, ListRequest, MAX_LIST_LIMIT, SHA256_MESSAGE, SHA256_PATTERN } from '@app/media';
import { FieldErrorCollector, hasNulCharacter, NUL_MESSAGE } from '../common/validation';
import { parseIdList } from './media-id-list';
import { parseNamespace, parseTags } from './media-fields';

const LIMIT_MESSAGE = `Must be an integer between 1 and ${MAX_LIST_LIMIT}`;

/** GET /v1/media's query string → the list request; every problem is reported per field at once. */
export function parseListQuery(query: Record<string, unknown>, errors: FieldErrorCollector): ListRequest {
  const request: ListRequest = { limit: DEFAULT_LIST_LIMIT, after: null, tagMode: 'any' };
  const given = (name: string): string | undefined => {
    const raw = query[name];
    if (raw === undefined || raw === '') return undefined;
    if (typeof raw !== 'string') {
      errors.add(name, 'Must be given once');
      return undefined;
    }
    if (hasNulCharacter(raw)) {
      errors.add(name, NUL_MESSAGE);
      return undefined;
    }
    return raw;
  };

  const limit = given('limit');
  if (limit !== undefined) {
    const n = /^\d{1,3}$/.test(limit.trim()) ? Number(limit.trim()) : NaN;
    if (n >= 1 && n <= MAX_LIST_LIMIT) request.limit = n;
    else errors.add('limit', LIMIT_MESSAGE);
  }
  const cursor = given('cursor');
  if (cursor !== undefined) {
    request.after = decodeCursor(cursor);
    if (!request.after) errors.add('cursor', 'Invalid cursor');
  }
  const ids = given('ids');
  if (ids !== undefined) {
    const parsed = parseIdList(ids, { strict: true });
    if ('error' in parsed) errors.add('ids', parsed.error);
    else request.ids = parsed.value;
  }
  const tags = given('tags');
  if (tags !== undefined) {
    const parsed = parseTags(tags);
    if ('error' in parsed) errors.add('tags', parsed.error);
    else if (parsed.value.length) request.tags = parsed.value;
  }
  const tagMode = given('tag_mode');
  if (tagMode !== undefined) {
    if (tagMode === 'any' || tagMode === 'all') request.tagMode = tagMode;
    else errors.add('tag_mode', 'Must be any or all');
  }
  const namespace = given('namespace');
  if (namespace !== undefined) {
    const parsed = parseNamespace(namespace);
    if ('error' in parsed) errors.add('namespace', parsed.error);
    else request.namespace = parsed.value;
  }
  const sha256 = given('sha256');
  if (sha256 !== undefined) {
    if (SHA256_PATTERN.test(sha256)) request.sha256 = sha256;
    else errors.add('sha256', SHA256_MESSAGE);
  }
  return request;
}
