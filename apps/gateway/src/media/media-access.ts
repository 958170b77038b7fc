import type { MediaEntity } from '@app/db';
import type { Caller } from '../auth/caller';

export interface VisibilityOptions {
  /** Media still being processed are visible too (the API shows them as `status: processing`; delivery does not). */
  processing?: boolean;
  now?: Date;
}

/** The fields visibility is decided by. */
export type VisibilityFacts = Pick<MediaEntity, 'status' | 'expiresAt' | 'isPublic' | 'accountId'>;

/** Whether a media row exists for this caller: ready (or processing, when asked), unexpired, and public or owned. */
export function isVisibleTo<M extends VisibilityFacts>(media: M | null, caller: Caller, options: VisibilityOptions = {}): media is M {
  if (!media) return false;
  if (media.status !== 'ready' && !(options.processing && media.status === 'processing')) return false;
  if (media.expiresAt && media.expiresAt <= (options.now ?? new Date())) return false;
  if (media.isPublic) return true;
  return caller.kind === 'key' && caller.account.id === media.accountId;
}
