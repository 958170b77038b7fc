import { DEFAULT_USER_AGENT, resolveFetchOptions } from './fetch-options';

describe('resolveFetchOptions', () => {
  it('fills the defaults', () => {
    expect(resolveFetchOptions({ timeoutMs: 30_000, maxBytes: 1024 })).toEqual({
      timeoutMs: 30_000,
      connectTimeoutMs: 10_000,
      maxBytes: 1024,
      maxRedirects: 5,
      allowedCidrs: [],
      userAgent: DEFAULT_USER_AGENT,
      lookup: undefined,
    });
    expect(DEFAULT_USER_AGENT).toBe('imgpro-importer/1.0 (+https://img.pro)');
  });

  it('never lets the connect timeout exceed the overall timeout', () => {
    expect(resolveFetchOptions({ timeoutMs: 500, maxBytes: 1 }).connectTimeoutMs).toBe(500);
    expect(resolveFetchOptions({ timeoutMs: 500, connectTimeoutMs: 2000, maxBytes: 1 }).connectTimeoutMs).toBe(500);
    expect(resolveFetchOptions({ timeoutMs: 5000, connectTimeoutMs: 200, maxBytes: 1 }).connectTimeoutMs).toBe(200);
  });

  it.each([
    [{ timeoutMs: 0, maxBytes: 1 }],
    [{ timeoutMs: NaN, maxBytes: 1 }],
    [{ timeoutMs: 1000, maxBytes: -1 }],
    [{ timeoutMs: 1000, maxBytes: 1, maxRedirects: -1 }],
    [{ timeoutMs: 1000, maxBytes: 1, maxRedirects: 1.5 }],
    [{ timeoutMs: 1000, maxBytes: 1, connectTimeoutMs: 0 }],
  ])('rejects %j', (opts) => {
    expect(() => resolveFetchOptions(opts)).toThrow(TypeError);
  });
});
