import { ANONYMOUS_RETENTION_DAYS, UNVERIFIED_RETENTION_DAYS } from '@app/config';
import type { Caller } from '../auth/caller';

export interface Expiry {
  /** Seconds from the media's creation to its expiry; null: kept forever. */
  lifetimeSeconds: number | null;
  explicit: boolean;
}

/**
 * Anonymous and unverified media live 30 days unless a shorter ttl is asked for;
 * verified accounts keep media forever unless a ttl is given.
 */
export function expiryFor(caller: Caller, ttlSeconds: number | undefined): Expiry {
  const implicitDays =
    caller.kind === 'anonymous' ? ANONYMOUS_RETENTION_DAYS : caller.account.verified ? null : UNVERIFIED_RETENTION_DAYS;
  const implicitSeconds = implicitDays === null ? null : implicitDays * 86400;
  if (ttlSeconds !== undefined && (implicitSeconds === null || ttlSeconds < implicitSeconds)) {
    return { lifetimeSeconds: ttlSeconds, explicit: true };
  }
  return { lifetimeSeconds: implicitSeconds, explicit: false };
}
