import { MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH, MAX_TAG_LENGTH, MAX_TAGS, MAX_TTL_DAYS, MAX_TTL_SECONDS, MIN_TTL_SECONDS, NAMESPACE_PATTERN } from '@app/media';
import { FieldErrorCollector, hasNulCharacter, NUL_MESSAGE } from '../common/validation';

// The limits (libs/media) are also what the OpenAPI schemas (openapi/media-schemas.ts) and the MCP tools state.
export { MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH, MAX_TAG_LENGTH, MAX_TAGS, MAX_TTL_DAYS, MAX_TTL_SECONDS, MIN_TTL_SECONDS, NAMESPACE_PATTERN };

/** Optional metadata accepted by upload (multipart strings) and import (JSON values). */
export interface MediaFields {
  tags?: string[];
  namespace?: string;
  public?: boolean;
  ttlSeconds?: number;
  name?: string;
  date?: Date;
  description?: string;
}

const DURATION_PATTERN = /^(\d{1,9})([smhd])$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

type Parser<T> = (value: unknown) => { value: T } | { error: string };

export const parseTags: Parser<string[]> = (value) => {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null;
  if (!raw || raw.some((tag) => typeof tag !== 'string')) return { error: 'Must be a comma-separated list of tags' };
  const tags = [...new Set((raw as string[]).map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
  if (tags.some((tag) => tag.length > MAX_TAG_LENGTH)) return { error: `Each tag must be at most ${MAX_TAG_LENGTH} characters` };
  if (tags.length > MAX_TAGS) return { error: `Must have at most ${MAX_TAGS} tags` };
  return { value: tags };
};

export const parseNamespace: Parser<string> = (value) =>
  typeof value === 'string' && NAMESPACE_PATTERN.test(value)
    ? { value }
    : { error: 'Must be lowercase alphanumeric with hyphens' };

export const parseBoolean: Parser<boolean> = (value) => {
  if (value === true || value === 'true' || value === '1' || value === 1) return { value: true };
  if (value === false || value === 'false' || value === '0' || value === 0) return { value: false };
  return { error: 'Must be true or false' };
};

export const parseTtl: Parser<number> = (value) => {
  let seconds: number | undefined;
  if (typeof value === 'number' && Number.isInteger(value)) seconds = value;
  else if (typeof value === 'string' && /^\d{1,12}$/.test(value.trim())) seconds = Number(value.trim());
  else if (typeof value === 'string') {
    const match = DURATION_PATTERN.exec(value.trim());
    if (match) seconds = Number(match[1]) * UNIT_SECONDS[match[2]];
  }
  if (seconds === undefined) return { error: 'Must be a number of seconds or a duration like 5m, 12h or 30d' };
  if (seconds < MIN_TTL_SECONDS) return { error: `Must be at least ${MIN_TTL_SECONDS} seconds (${MIN_TTL_SECONDS / 60}m)` };
  if (seconds > MAX_TTL_SECONDS) return { error: `Must be at most ${MAX_TTL_DAYS} days (${MAX_TTL_DAYS}d)` };
  return { value: seconds };
};

export const parseName: Parser<string> = (value) => {
  if (typeof value !== 'string' || !value.trim()) return { error: 'Must be a non-empty string' };
  if (value.trim().length > MAX_NAME_LENGTH) return { error: `Must be at most ${MAX_NAME_LENGTH} characters` };
  return { value: value.trim() };
};

export const parseDate: Parser<Date> = (value) => {
  if (typeof value !== 'string' || !ISO_DATE_PATTERN.test(value.trim())) {
    return { error: 'Must be an ISO 8601 date or datetime' };
  }
  const date = new Date(value.trim());
  return Number.isNaN(date.getTime()) ? { error: 'Must be an ISO 8601 date or datetime' } : { value: date };
};

export const parseDescription: Parser<string> = (value) => {
  if (typeof value !== 'string') return { error: 'Must be a string' };
  if (value.length > MAX_DESCRIPTION_LENGTH) return { error: `Must be at most ${MAX_DESCRIPTION_LENGTH} characters` };
  return { value };
};

const FIELD_PARSERS: { [K in keyof MediaFields]-?: [string, Parser<NonNullable<MediaFields[K]>>] } = {
  tags: ['tags', parseTags],
  namespace: ['namespace', parseNamespace],
  public: ['public', parseBoolean],
  ttlSeconds: ['ttl', parseTtl],
  name: ['name', parseName],
  date: ['date', parseDate],
  description: ['description', parseDescription],
};

/**
 * Validates the optional media fields of `input`; absent, null or empty-string values are "not given".
 * Every problem is reported at once into `errors`.
 */
export function parseMediaFields(input: Record<string, unknown>, errors: FieldErrorCollector): MediaFields {
  const fields: MediaFields = {};
  for (const [key, [wireName, parse]] of Object.entries(FIELD_PARSERS) as [keyof MediaFields, [string, Parser<unknown>]][]) {
    const raw = input[wireName];
    if (raw === undefined || raw === null || raw === '') continue;
    const result = hasNulCharacter(raw) ? { error: NUL_MESSAGE } : parse(raw);
    if ('error' in result) errors.add(wireName, result.error);
    else (fields as Record<string, unknown>)[key] = result.value;
  }
  return fields;
}
