import type { MediaEntity } from '@app/db';
import { isVisibleTo, VisibilityFacts } from './read-access';

const now = new Date('2026-01-01T00:00:00Z');
const media = (facts: Partial<VisibilityFacts>): VisibilityFacts => ({ status: 'ready', expiresAt: null, isPublic: true, accountId: 'a1', ...facts }) as MediaEntity;

describe('isVisibleTo', () => {
  it('shows a ready public media to anyone', () => {
    expect(isVisibleTo(media({}), null, { now })).toBe(true);
    expect(isVisibleTo(media({}), { accountId: 'a2' }, { now })).toBe(true);
  });

  it('shows a private media to its owner only', () => {
    const row = media({ isPublic: false });
    expect(isVisibleTo(row, { accountId: 'a1' }, { now })).toBe(true);
    expect(isVisibleTo(row, { accountId: 'a2' }, { now })).toBe(false);
    expect(isVisibleTo(row, null, { now })).toBe(false);
  });

  it('hides unknown, expired, failed and deleted media', () => {
    expect(isVisibleTo(null, { accountId: 'a1' }, { now })).toBe(false);
    expect(isVisibleTo(media({ expiresAt: now }), { accountId: 'a1' }, { now })).toBe(false);
    expect(isVisibleTo(media({ status: 'failed' }), { accountId: 'a1' }, { now })).toBe(false);
    expect(isVisibleTo(media({ status: 'deleted' }), { accountId: 'a1' }, { now })).toBe(false);
  });

  it('shows a processing media only when asked', () => {
    expect(isVisibleTo(media({ status: 'processing' }), null, { now })).toBe(false);
    expect(isVisibleTo(media({ status: 'processing' }), null, { now, processing: true })).toBe(true);
  });
});
