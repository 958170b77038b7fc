import type { AppConfig } from '@app/config';
import { anonymousRateLimited, keyCreationRateLimited, keyedRateLimited, renderRateLimited } from '@app/accounts';
import type { ApiError } from '@app/errors';
import type { LimitId } from './rate-limit-rules';

/** A counter after this request counted against it. */
export interface LimitResult {
  id: LimitId;
  points: number;
  consumed: number;
  msBeforeReset: number;
}

export type RateLimitHeaders = Record<'X-RateLimit-Limit' | 'X-RateLimit-Remaining' | 'X-RateLimit-Reset', string>;

export interface RateLimitDecision {
  headers: RateLimitHeaders;
  /** Set when the request is refused. */
  error?: ApiError;
}

/** Whole seconds to wait, never 0: a client told to wait 0 seconds would retry at once. */
export function secondsUntil(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * Refused when any counter is over its points; the error names the one that frees last (waiting for an
 * earlier one would only meet the next refusal). Headers describe the refusing counter, or else the
 * tightest one: fewest points left, then the longest wait.
 */
export function decide(results: LimitResult[], config: Pick<AppConfig, 'webBaseUrl'>, nowMs: number): RateLimitDecision {
  const exceeded = results.filter((result) => result.consumed > result.points);
  if (exceeded.length > 0) {
    const blocking = exceeded.reduce((a, b) => (b.msBeforeReset > a.msBeforeReset ? b : a));
    return { headers: headersFor(blocking, nowMs), error: refusal(blocking, config) };
  }
  const tightest = results.reduce((a, b) => {
    const left = remaining(b) - remaining(a);
    return left < 0 || (left === 0 && b.msBeforeReset > a.msBeforeReset) ? b : a;
  });
  return { headers: headersFor(tightest, nowMs) };
}

function remaining(result: LimitResult): number {
  return Math.max(0, result.points - result.consumed);
}

/** X-RateLimit-Reset is a Unix time in seconds, like every timestamp of the API. */
function headersFor(result: LimitResult, nowMs: number): RateLimitHeaders {
  return {
    'X-RateLimit-Limit': String(result.points),
    'X-RateLimit-Remaining': String(remaining(result)),
    'X-RateLimit-Reset': String(Math.ceil((nowMs + result.msBeforeReset) / 1000)),
  };
}

function refusal(result: LimitResult, config: Pick<AppConfig, 'webBaseUrl'>): ApiError {
  const seconds = secondsUntil(result.msBeforeReset);
  switch (result.id) {
    case 'keys-per-email':
    case 'keys-per-ip':
      return keyCreationRateLimited(seconds);
    case 'anonymous-hourly':
      return anonymousRateLimited(config, 'hourly', result.points, seconds);
    case 'anonymous-daily':
      return anonymousRateLimited(config, 'daily', result.points, seconds);
    case 'per-key':
      return keyedRateLimited(seconds);
    case 'renders-per-ip':
      return renderRateLimited(seconds);
  }
}
