import { isMediaId, MAX_BATCH_IDS } from '@app/media';

export type IdListResult = { value: string[] } | { error: string };

export const TOO_MANY_IDS = `Must have at most ${MAX_BATCH_IDS} ids`;

/**
 * A comma list of media ids (trimmed, de-duplicated, at most 100). With `strict`, every entry must look
 * like an id (a list filter); a batch keeps malformed ones, which then fail as items (not_found).
 */
export function parseIdList(value: unknown, options: { strict: boolean }): IdListResult {
  if (typeof value !== 'string') return { error: 'Must be a comma-separated list of media ids' };
  const ids = [...new Set(value.split(',').map((id) => id.trim()).filter(Boolean))];
  if (!ids.length) return { error: 'Must be a comma-separated list of media ids' };
  if (ids.length > MAX_BATCH_IDS) return { error: TOO_MANY_IDS };
  if (options.strict && !ids.every(isMediaId)) return { error: 'Must be a comma-separated list of media ids' };
  return { value: ids };
}
