import type { ErrorRequestHandler } from 'express';
import { clientIp } from './rate-limit.guard';
import { RateLimiter } from './rate-limiter.service';

/**
 * Key creation counts every request, but the JSON parser refuses a broken body before any guard runs:
 * mounted after the parser on POST /v1/keys, this counts such a request against its IP, then lets the
 * parser's error (or the 429) answer.
 */
export function countUnparsedKeyCreations(limiter: RateLimiter): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (req.method !== 'POST' || req.path !== '/') return next(error);
    limiter.enforce('key-creation', { ip: clientIp(req) }, res).then(() => next(error), next);
  };
}
