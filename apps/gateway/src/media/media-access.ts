import type { MediaEntity } from '@app/db';
import type { Caller } from '../auth/caller';

/** Whether a media row exists for this caller: ready, unexpired, and public or owned. */
export function isVisibleTo(media: MediaEntity | null, caller: Caller, now = new Date()): media is MediaEntity {
  if (!media || media.status !== 'ready') return false;
  if (media.expiresAt && media.expiresAt <= now) return false;
  if (media.isPublic) return true;
  return caller.kind === 'key' && caller.account.id === media.accountId;
}
