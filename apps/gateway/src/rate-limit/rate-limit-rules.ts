import { createHash } from 'crypto';
import { canonicalEmail } from '@app/accounts';
import * as ipaddr from 'ipaddr.js';
import type { RateLimits } from '@app/config';
import type { Caller } from '../auth/caller';

/**
 * What a request is limited as: key creation, media creation (upload and import together), any other keyed
 * call, or a delivery request that starts a new variant render (`render`: counted by the delivery service at
 * that point, not by a route's guard, since a stored variant is never limited).
 */
export type LimitedRoute = 'key-creation' | 'media-creation' | 'keyed' | 'render';

/** One counter in Redis: how many points it allows per window. */
export type LimitId = 'keys-per-email' | 'keys-per-ip' | 'anonymous-hourly' | 'anonymous-daily' | 'per-key' | 'renders-per-ip';

/**
 * Counters that never fail open: key creation and sign-in mail (which counts on the same two counters) are
 * counted in each gateway's memory while Redis is away, and refused when not even that can count.
 */
export const FAIL_CLOSED: readonly LimitId[] = ['keys-per-email', 'keys-per-ip'];

export const failsClosed = (check: LimitCheck) => FAIL_CLOSED.includes(check.id);

export interface LimitSetting {
  points: number;
  windowS: number;
}

/** One request's claim on one counter. */
export interface LimitCheck {
  id: LimitId;
  key: string;
}

export interface LimitSubject {
  /** Set by the auth guard; absent on routes without it (key creation). */
  caller?: Caller;
  ip: string;
  /** The JSON body, for the email of a key creation. */
  body?: unknown;
}

export function limitSettings(limits: RateLimits): Record<LimitId, LimitSetting> {
  return {
    'keys-per-email': { points: limits.keysPerEmail, windowS: limits.keysWindowS },
    'keys-per-ip': { points: limits.keysPerIp, windowS: limits.keysWindowS },
    'anonymous-hourly': { points: limits.anonymousHourly, windowS: limits.anonymousHourS },
    'anonymous-daily': { points: limits.anonymousDaily, windowS: limits.anonymousDayS },
    'per-key': { points: limits.perKey, windowS: limits.perKeyWindowS },
    'renders-per-ip': { points: limits.rendersPerIp, windowS: limits.rendersWindowS },
  };
}

/** The counters one request counts against. */
export function checksFor(route: LimitedRoute, subject: LimitSubject): LimitCheck[] {
  const caller = subject.caller;
  // Renders are paid by the workers whoever asks, so keys do not lift this limit.
  if (route === 'render') return [{ id: 'renders-per-ip', key: ipKey(subject.ip) }];
  if (route === 'key-creation') {
    const checks: LimitCheck[] = [{ id: 'keys-per-ip', key: ipKey(subject.ip) }];
    const email = emailOf(subject.body);
    if (email) checks.push({ id: 'keys-per-email', key: digest(email) });
    return checks;
  }
  if (caller?.kind === 'key') return [{ id: 'per-key', key: caller.key.id }];
  if (route === 'keyed') return [];
  const ip = ipKey(caller?.ip ?? subject.ip);
  return [
    { id: 'anonymous-hourly', key: ip },
    { id: 'anonymous-daily', key: ip },
  ];
}

/** Counted on the canonical address, so "A+x@x.com " and "a@x.com" (one mailbox) share a counter. */
function emailOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const email = (body as { email?: unknown }).email;
  if (typeof email !== 'string') return undefined;
  return canonicalEmail(email) || undefined;
}

/** Emails are not kept in Redis, and a huge one cannot make a huge key. */
function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/**
 * IPv4 addresses (also IPv6-mapped) count alone; IPv6 ones by their /64, the block one subscriber
 * usually holds, so that walking through one's own addresses does not escape the limit.
 */
export function ipKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(':')}::/64`;
}
