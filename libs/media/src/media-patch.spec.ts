import type { MediaEntity } from '@app/db';
import { applyTagMode, PERMANENT_NEEDS_VERIFIED, planPatch, TOO_MANY_TAGS } from './media-patch';

const DAY = 86400_000;
const now = new Date('2030-01-10T00:00:00Z');
const created = new Date('2030-01-01T00:00:00Z');
const media = { tags: ['a', 'b'], createdAt: created } as MediaEntity;
const verified = { accountId: 'acc', verified: true };
const unverified = { accountId: 'acc', verified: false };

describe('planPatch', () => {
  it('applies tag modes, keeping order and no duplicates', () => {
    expect(applyTagMode(['a', 'b'], ['b', 'c'], 'add')).toEqual(['a', 'b', 'c']);
    expect(applyTagMode(['a', 'b'], ['a', 'z'], 'remove')).toEqual(['b']);
    expect(applyTagMode(['a', 'b'], ['c'], 'replace')).toEqual(['c']);
  });

  it('counts the tag limit after the change', () => {
    const values = ['c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'];
    expect(planPatch(media, { tags: { values, mode: 'add' } }, verified, now)).toEqual({ errors: { tags: [TOO_MANY_TAGS] } });
    expect(planPatch(media, { tags: { values, mode: 'replace' } }, verified, now)).toEqual({ changes: { tags: values } });
  });

  it('lets only verified accounts make a media permanent', () => {
    expect(planPatch(media, { ttlSeconds: null }, verified, now)).toEqual({ changes: { expiresAt: null, expiryExplicit: false } });
    expect(planPatch(media, { ttlSeconds: null, name: 'x' }, unverified, now)).toEqual({ errors: { ttl: [PERMANENT_NEEDS_VERIFIED] } });
  });

  it('counts a ttl from now, but never past an unverified account’s retention from upload', () => {
    expect(planPatch(media, { ttlSeconds: 3600 }, unverified, now)).toEqual({
      changes: { expiresAt: new Date(now.getTime() + 3600_000), expiryExplicit: true },
    });
    expect(planPatch(media, { ttlSeconds: 60 * 86400 }, unverified, now)).toEqual({
      changes: { expiresAt: new Date(created.getTime() + 30 * DAY), expiryExplicit: false },
    });
    expect(planPatch(media, { ttlSeconds: 60 * 86400 }, verified, now)).toEqual({
      changes: { expiresAt: new Date(now.getTime() + 60 * DAY), expiryExplicit: true },
    });
  });

  it('passes plain fields and clears with null', () => {
    expect(planPatch(media, { name: 'n', isPublic: false, namespace: null, date: null, description: null }, verified, now)).toEqual({
      changes: { name: 'n', isPublic: false, namespace: null, date: null, description: null },
    });
  });
});
