import { decide, LimitResult, secondsUntil } from './rate-limit-decision';

const config = { webBaseUrl: 'https://img.example' };
const NOW = 1_700_000_000_000;

const result = (overrides: Partial<LimitResult>): LimitResult => ({ id: 'per-key', points: 10, consumed: 1, msBeforeReset: 30_000, ...overrides });

describe('secondsUntil', () => {
  it.each([
    [0, 1],
    [1, 1],
    [1000, 1],
    [1001, 2],
    [2_519_001, 2520],
  ])('%i ms → %i s', (ms, seconds) => {
    expect(secondsUntil(ms)).toBe(seconds);
  });
});

describe('decide', () => {
  it('lets the last point through with Remaining 0 and the reset as a Unix time', () => {
    expect(decide([result({ consumed: 10, msBeforeReset: 1500 })], config, NOW)).toEqual({
      headers: { 'X-RateLimit-Limit': '10', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(Math.ceil((NOW + 1500) / 1000)) },
    });
  });

  it('describes the tightest limit: fewest points left, then the longest wait', () => {
    const hourly = result({ id: 'anonymous-hourly', points: 20, consumed: 18, msBeforeReset: 60_000 });
    const daily = result({ id: 'anonymous-daily', points: 100, consumed: 98, msBeforeReset: 80_000_000 });
    expect(decide([hourly, daily], config, NOW).headers['X-RateLimit-Limit']).toBe('100');
    expect(decide([result({ id: 'anonymous-hourly', points: 20, consumed: 19 }), daily], config, NOW).headers['X-RateLimit-Limit']).toBe('20');
  });

  it('refuses a key creation over either limit with the wait action and a matching Retry-After', () => {
    const { error, headers } = decide(
      [result({ id: 'keys-per-ip', points: 20, consumed: 3 }), result({ id: 'keys-per-email', points: 5, consumed: 6, msBeforeReset: 59_200 })],
      config,
      NOW,
    );
    expect(error!.status).toBe(429);
    expect(error!.toBody()).toEqual({
      error: 'rate_limited',
      message: 'Too many key creation requests. Try again later.',
      action: { type: 'wait', seconds: 60 },
    });
    expect(error!.headers).toEqual({ 'Retry-After': '60' });
    expect(headers['X-RateLimit-Remaining']).toBe('0');
  });

  it('refuses an anonymous upload over the hourly limit in minutes rounded up', () => {
    const { error } = decide(
      [result({ id: 'anonymous-hourly', points: 20, consumed: 21, msBeforeReset: 2_519_400 }), result({ id: 'anonymous-daily', points: 100, consumed: 21 })],
      config,
      NOW,
    );
    expect(error!.toBody()).toEqual({
      error: 'rate_limited',
      message: 'Hourly limit of 20 uploads reached. Resets in 42 minutes. Get an API key for higher limits.',
      action: { type: 'redirect', url: 'https://img.example/api/quick-start', label: 'Create API Key' },
      retry_after: 2520,
    });
    expect(error!.headers).toEqual({ 'Retry-After': '2520' });
  });

  it('names the limit that frees last when both are over', () => {
    const { error } = decide(
      [
        result({ id: 'anonymous-hourly', points: 20, consumed: 30, msBeforeReset: 600_000 }),
        result({ id: 'anonymous-daily', points: 100, consumed: 101, msBeforeReset: 7_200_000 }),
      ],
      config,
      NOW,
    );
    expect(error!.message).toBe('Daily limit of 100 uploads reached. Resets in 120 minutes. Get an API key for higher limits.');
    expect(error!.toBody().retry_after).toBe(7200);
  });

  it('refuses a keyed request over its limit with the wait action', () => {
    const { error } = decide([result({ points: 1000, consumed: 1001, msBeforeReset: 12_300 })], config, NOW);
    expect(error!.toBody()).toEqual({ error: 'rate_limited', message: 'Too many requests. Try again later.', action: { type: 'wait', seconds: 13 } });
    expect(error!.headers).toEqual({ 'Retry-After': '13' });
  });
});
