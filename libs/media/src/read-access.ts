import type { MediaEntity } from '@app/db';

/** Who reads a media: an account (a key's), or anyone (null: anonymous callers and viewer pages). */
export type MediaReader = { accountId: string } | null;

export interface VisibilityOptions {
  /** Media still being processed are visible too (the API shows them as `status: processing`; delivery does not). */
  processing?: boolean;
  now?: Date;
}

/** The fields visibility is decided by. */
export type VisibilityFacts = Pick<MediaEntity, 'status' | 'expiresAt' | 'isPublic' | 'accountId'>;

/** Whether a media row exists for this reader: ready (or processing, when asked), unexpired, and public or owned. */
export function isVisibleTo<M extends VisibilityFacts>(media: M | null, reader: MediaReader, options: VisibilityOptions = {}): media is M {
  if (!media) return false;
  if (media.status !== 'ready' && !(options.processing && media.status === 'processing')) return false;
  if (media.expiresAt && media.expiresAt <= (options.now ?? new Date())) return false;
  if (media.isPublic) return true;
  return reader !== null && reader.accountId === media.accountId;
}
