import { UNVERIFIED_RETENTION_DAYS } from '@app/config';
import type { MediaChanges, MediaEntity } from '@app/db';
import type { FieldErrors } from '@app/errors';
import { MAX_TAGS } from './media-limits';
import type { MediaOwner } from './write-access';

export type TagMode = 'replace' | 'add' | 'remove';
export const TAG_MODES: readonly TagMode[] = ['replace', 'add', 'remove'];

/** A validated PATCH body; `null` clears a field (ttl: null makes the media permanent). */
export interface MediaPatch {
  name?: string;
  tags?: { values: string[]; mode: TagMode };
  isPublic?: boolean;
  namespace?: string | null;
  date?: Date | null;
  description?: string | null;
  ttlSeconds?: number | null;
}

export type PatchPlan = { changes: MediaChanges } | { errors: FieldErrors };

export const PERMANENT_NEEDS_VERIFIED = 'Permanent storage requires a verified account';
export const TOO_MANY_TAGS = `Must have at most ${MAX_TAGS} tags`;

/** The row changes a patch means for this media, or the field errors that refuse it (nothing changes then). */
export function planPatch(media: MediaEntity, patch: MediaPatch, owner: MediaOwner, now: Date): PatchPlan {
  const changes: MediaChanges = {};
  const errors: FieldErrors = {};
  if (patch.name !== undefined) changes.name = patch.name;
  if (patch.isPublic !== undefined) changes.isPublic = patch.isPublic;
  if (patch.namespace !== undefined) changes.namespace = patch.namespace;
  if (patch.date !== undefined) changes.date = patch.date;
  if (patch.description !== undefined) changes.description = patch.description;
  if (patch.tags) {
    const tags = applyTagMode(media.tags, patch.tags.values, patch.tags.mode);
    if (tags.length > MAX_TAGS) errors.tags = [TOO_MANY_TAGS];
    else changes.tags = tags;
  }
  if (patch.ttlSeconds !== undefined) {
    const expiry = patchedExpiry(media, patch.ttlSeconds, owner, now);
    if (expiry === null) errors.ttl = [PERMANENT_NEEDS_VERIFIED];
    else Object.assign(changes, expiry);
  }
  return Object.keys(errors).length ? { errors } : { changes };
}

export function applyTagMode(current: string[], values: string[], mode: TagMode): string[] {
  if (mode === 'replace') return values;
  if (mode === 'add') return [...new Set([...current, ...values])];
  return current.filter((tag) => !values.includes(tag));
}

/**
 * A ttl counts from now. An unverified account's media can never outlive the retention counted from its
 * upload (re-patching cannot extend it); verified accounts may also make a media permanent (null).
 * Null is returned when the patch is refused.
 */
function patchedExpiry(
  media: MediaEntity,
  ttlSeconds: number | null,
  owner: MediaOwner,
  now: Date,
): Pick<MediaChanges, 'expiresAt' | 'expiryExplicit'> | null {
  if (owner.verified) {
    return ttlSeconds === null
      ? { expiresAt: null, expiryExplicit: false }
      : { expiresAt: new Date(now.getTime() + ttlSeconds * 1000), expiryExplicit: true };
  }
  if (ttlSeconds === null) return null;
  const retentionEnd = media.createdAt.getTime() + UNVERIFIED_RETENTION_DAYS * 86400_000;
  const asked = now.getTime() + ttlSeconds * 1000;
  return asked < retentionEnd
    ? { expiresAt: new Date(asked), expiryExplicit: true }
    : { expiresAt: new Date(retentionEnd), expiryExplicit: false };
}
