import type { Caller } from '../auth/caller';
import { expiryFor } from './media-expiry';

const now = new Date('2026-12-01T12:00:00Z');
const DAY = 86400;
const inSeconds = (expiry: { expiresAt: Date | null }) => (expiry.expiresAt ? (expiry.expiresAt.getTime() - now.getTime()) / 1000 : null);
const keyed = (verified: boolean) => ({ kind: 'key', ip: '::1', account: { verified } }) as unknown as Caller;
const anonymous: Caller = { kind: 'anonymous', ip: '::1' };

describe('retention', () => {
  it.each([
    ['anonymous', anonymous],
    ['unverified', keyed(false)],
  ])('%s media expire after 30 days; a shorter ttl wins, a longer one is capped', (_who, caller) => {
    expect(expiryFor(caller, undefined, now)).toEqual({ expiresAt: expect.any(Date), explicit: false });
    expect(inSeconds(expiryFor(caller, undefined, now))).toBe(30 * DAY);
    expect(expiryFor(caller, 3600, now)).toEqual({ expiresAt: new Date(now.getTime() + 3600_000), explicit: true });
    expect(expiryFor(caller, 90 * DAY, now)).toEqual({ expiresAt: new Date(now.getTime() + 30 * DAY * 1000), explicit: false });
  });

  it('verified media are permanent unless a ttl is given', () => {
    expect(expiryFor(keyed(true), undefined, now)).toEqual({ expiresAt: null, explicit: false });
    expect(inSeconds(expiryFor(keyed(true), 90 * DAY, now))).toBe(90 * DAY);
    expect(expiryFor(keyed(true), 90 * DAY, now).explicit).toBe(true);
  });
});
