import type { MediaEntity } from '@app/db';
import { assertWritable } from './write-access';

const now = new Date('2030-01-10T00:00:00Z');
const owner = { accountId: 'mine', verified: false };
const row = (over: Partial<MediaEntity>) => ({ status: 'ready', accountId: 'mine', isPublic: true, expiresAt: null, ...over }) as MediaEntity;
const codeOf = (media: MediaEntity | null, deletedToo = false) => {
  try {
    assertWritable(media, owner, { now, deletedToo });
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('assertWritable', () => {
  it('lets the owner change ready and processing media', () => {
    expect(codeOf(row({}))).toBe('ok');
    expect(codeOf(row({ status: 'processing' }))).toBe('ok');
  });

  it('answers 403 for another account’s media the caller can see, 404 for one it cannot', () => {
    expect(codeOf(row({ accountId: 'other' }))).toBe('forbidden');
    expect(codeOf(row({ accountId: 'other', isPublic: false }))).toBe('not_found');
    expect(codeOf(row({ accountId: 'other', status: 'processing' }))).toBe('not_found');
  });

  it('treats unknown, failed, expired and deleted media as not found, except a delete finishing its own', () => {
    expect(codeOf(null)).toBe('not_found');
    expect(codeOf(row({ status: 'failed' }))).toBe('not_found');
    expect(codeOf(row({ expiresAt: now }))).toBe('not_found');
    expect(codeOf(row({ status: 'deleted' }))).toBe('not_found');
    expect(codeOf(row({ status: 'deleted' }), true)).toBe('ok');
    expect(codeOf(row({ status: 'deleted', accountId: 'other' }), true)).toBe('not_found');
  });
});
