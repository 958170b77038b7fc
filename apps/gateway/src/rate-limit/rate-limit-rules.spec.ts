import { loadConfig } from '@app/config';
import type { Caller } from '../auth/caller';
import { checksFor, failsClosed, ipKey, limitSettings } from './rate-limit-rules';

const keyed = { kind: 'key', ip: '203.0.113.9', key: { id: 'key_abc123' }, account: {} } as unknown as Caller;
const anonymous: Caller = { kind: 'anonymous', ip: '203.0.113.9' };

describe('checksFor', () => {
  it('counts key creation per IP and per canonical email (lower case, +tag removed)', () => {
    const checks = checksFor('key-creation', { ip: '203.0.113.9', body: { email: ' Someone@Example.COM ' } });
    const same = checksFor('key-creation', { ip: '198.51.100.1', body: { email: 'someone+other-tag@example.com' } });
    expect(checks.map((check) => check.id)).toEqual(['keys-per-ip', 'keys-per-email']);
    expect(checks[0].key).toBe('203.0.113.9');
    expect(checks[1].key).toBe(same[1].key);
    expect(checks[1].key).not.toContain('example');
  });

  it.each([[undefined], ['not json'], [{}], [{ email: 42 }], [{ email: '   ' }]])('counts a key creation without a usable email (%j) against the IP only', (body) => {
    expect(checksFor('key-creation', { ip: '203.0.113.9', body })).toEqual([{ id: 'keys-per-ip', key: '203.0.113.9' }]);
  });

  it('key creation (and sign-in, which counts as it) never fails open; uploads, keyed calls and renders may', () => {
    expect(checksFor('key-creation', { ip: '203.0.113.9', body: { email: 'a@example.com' } }).map(failsClosed)).toEqual([true, true]);
    for (const route of ['media-creation', 'render'] as const) expect(checksFor(route, { caller: anonymous, ip: '203.0.113.9' }).some(failsClosed)).toBe(false);
    expect(checksFor('keyed', { caller: keyed, ip: '203.0.113.9' }).some(failsClosed)).toBe(false);
  });

  it('counts anonymous media creation per IP, hourly and daily', () => {
    expect(checksFor('media-creation', { caller: anonymous, ip: 'ignored' })).toEqual([
      { id: 'anonymous-hourly', key: '203.0.113.9' },
      { id: 'anonymous-daily', key: '203.0.113.9' },
    ]);
  });

  it('counts keyed requests per key, whatever the route', () => {
    expect(checksFor('media-creation', { caller: keyed, ip: '203.0.113.9' })).toEqual([{ id: 'per-key', key: 'key_abc123' }]);
    expect(checksFor('keyed', { caller: keyed, ip: '203.0.113.9' })).toEqual([{ id: 'per-key', key: 'key_abc123' }]);
  });

  it('counts new renders per client IP (IPv6 by its /64), with or without a key', () => {
    expect(checksFor('render', { caller: keyed, ip: '198.51.100.7' })).toEqual([{ id: 'renders-per-ip', key: '198.51.100.7' }]);
    expect(checksFor('render', { ip: '2001:db8:1:2:aaaa::1' })).toEqual([{ id: 'renders-per-ip', key: '2001:db8:1:2::/64' }]);
  });

  it('leaves anonymous callers of keyed-only routes alone', () => {
    expect(checksFor('keyed', { caller: anonymous, ip: '203.0.113.9' })).toEqual([]);
  });
});

describe('ipKey', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2:aaaa::1', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:bbbb:cccc:dddd:eeee', '2001:db8:1:2::/64'],
    ['unknown', 'unknown'],
  ])('%s counts as %s', (ip, key) => {
    expect(ipKey(ip)).toBe(key);
  });
});

describe('limitSettings', () => {
  it('takes every limit and window from the config', () => {
    expect(limitSettings(loadConfig({ SIGNING_SECRET: 'spec-secret' }).rateLimits)).toEqual({
      'keys-per-email': { points: 5, windowS: 3600 },
      'keys-per-ip': { points: 20, windowS: 3600 },
      'anonymous-hourly': { points: 20, windowS: 3600 },
      'anonymous-daily': { points: 100, windowS: 86_400 },
      'per-key': { points: 1000, windowS: 60 },
      'renders-per-ip': { points: 60, windowS: 60 },
    });
  });
});
