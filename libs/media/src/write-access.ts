import type { MediaEntity } from '@app/db';
import { ApiError, forbidden, notFound } from '@app/errors';

/** Who asks to change or delete a media: an account, and whether it is verified (permanent storage). */
export interface MediaOwner {
  accountId: string;
  verified: boolean;
}

export interface WriteAccessOptions {
  /** A delete may be retried on a media already marked deleted, to finish removing it. */
  deletedToo?: boolean;
  now: Date;
}

/**
 * Throws unless `owner` may change this media. Another account's media answers 403 only when the caller
 * can see it anyway (public and ready); a private one answers 404, like every reader, so its existence
 * is never revealed. Unknown, failed, deleted and expired media are 404.
 */
export function assertWritable(media: MediaEntity | null, owner: MediaOwner, options: WriteAccessOptions): asserts media is MediaEntity {
  const error = writeAccessError(media, owner, options);
  if (error) throw error;
}

function writeAccessError(media: MediaEntity | null, owner: MediaOwner, options: WriteAccessOptions): ApiError | null {
  if (!media) return notFound();
  const own = media.accountId === owner.accountId;
  if (media.status === 'deleted') return own && options.deletedToo ? null : notFound();
  if (media.status !== 'ready' && media.status !== 'processing') return notFound();
  if (media.expiresAt && media.expiresAt <= options.now) return notFound();
  if (own) return null;
  return media.isPublic && media.status === 'ready' ? forbidden() : notFound();
}
