import type { Caller } from '../auth/caller';
import { expiryFor } from './media-expiry';

const DAY = 86400;
const keyed = (verified: boolean) => ({ kind: 'key', ip: '::1', account: { verified } }) as unknown as Caller;
const anonymous: Caller = { kind: 'anonymous', ip: '::1' };

describe('retention', () => {
  it.each([
    ['anonymous', anonymous],
    ['unverified', keyed(false)],
  ])('%s media expire after 30 days; a shorter ttl wins, a longer one is capped', (_who, caller) => {
    expect(expiryFor(caller, undefined)).toEqual({ lifetimeSeconds: 30 * DAY, explicit: false });
    expect(expiryFor(caller, 3600)).toEqual({ lifetimeSeconds: 3600, explicit: true });
    expect(expiryFor(caller, 90 * DAY)).toEqual({ lifetimeSeconds: 30 * DAY, explicit: false });
  });

  it('verified media are permanent unless a ttl is given', () => {
    expect(expiryFor(keyed(true), undefined)).toEqual({ lifetimeSeconds: null, explicit: false });
    expect(expiryFor(keyed(true), 90 * DAY)).toEqual({ lifetimeSeconds: 90 * DAY, explicit: true });
  });
});
