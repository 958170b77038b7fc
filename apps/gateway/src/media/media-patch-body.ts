import { MediaPatch, TAG_MODES, TagMode } from '@app/media';
import { FieldErrorCollector, hasNulCharacter, NUL_MESSAGE } from '../common/validation';
import { parseBoolean, parseDate, parseDescription, parseName, parseNamespace, parseTags, parseTtl } from './media-fields';

type Parsed<T> = { value: T } | { error: string };

/**
 * A PATCH body → the changes it asks for. Absent fields are left alone; `null` (or "") clears
 * namespace, date and description, and makes the media permanent for ttl. Name, tags and public
 * cannot be cleared. Every problem is reported per field at once.
 */
export function parsePatchBody(body: Record<string, unknown>, errors: FieldErrorCollector): MediaPatch {
  const patch: MediaPatch = {};
  const field = <T>(name: string, parse: (value: unknown) => Parsed<T>, clearable: boolean): T | null | undefined => {
    const raw = body[name];
    if (raw === undefined) return undefined;
    if (clearable && (raw === null || raw === '')) return null;
    const result = hasNulCharacter(raw) ? { error: NUL_MESSAGE } : parse(raw);
    if ('error' in result) {
      errors.add(name, result.error);
      return undefined;
    }
    return result.value;
  };

  const name = field('name', parseName, false);
  if (name != null) patch.name = name;
  const isPublic = field('public', parseBoolean, false);
  if (isPublic != null) patch.isPublic = isPublic;
  const namespace = field('namespace', parseNamespace, true);
  if (namespace !== undefined) patch.namespace = namespace;
  const date = field('date', parseDate, true);
  if (date !== undefined) patch.date = date;
  const description = field('description', parseDescription, true);
  if (description !== undefined) patch.description = description;
  const ttl = field('ttl', parseTtl, true);
  if (ttl !== undefined) patch.ttlSeconds = ttl;

  const mode = body.tag_mode ?? 'replace';
  if (!TAG_MODES.includes(mode as TagMode)) errors.add('tag_mode', 'Must be replace, add or remove');
  const tags = field('tags', (value) => (value === null ? { error: 'Must be a comma-separated list of tags' } : parseTags(value)), false);
  if (tags != null) patch.tags = { values: tags, mode: mode as TagMode };
  return patch;
}
