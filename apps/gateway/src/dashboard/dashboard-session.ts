import { createHmac, timingSafeEqual } from 'crypto';
import type { AccountEntity } from '@app/db';

/** The signed-in owner of a dashboard request, set by the auth step on `@SignedIn()` routes. */
export interface DashboardSession {
  id: string;
  account: AccountEntity;
  /** The CSRF token every form of this session carries. */
  csrf: string;
}

/** Tied to the session: derived from its id with the signing secret, so it needs no storage and fits no other session. */
export function csrfTokenOf(secret: string, sessionId: string): string {
  return createHmac('sha256', secret).update(`csrf\n${sessionId}`).digest('base64url');
}

export function csrfMatches(session: DashboardSession, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(session.csrf);
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
