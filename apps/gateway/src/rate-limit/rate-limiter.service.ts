import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { decide } from './rate-limit-decision';
import { RateLimitCounters } from './rate-limit-counters';
import { checksFor, failsClosed, LimitedRoute, LimitSubject } from './rate-limit-rules';

/** Counts one request of `route`, sets the X-RateLimit-* headers and throws the documented 429 when over. */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly counters: RateLimitCounters,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Redis unavailable → uploads and keyed requests pass unlimited (fail open) and a warning is logged, once
   * a minute at most; key creation and sign-in are counted in memory instead (RateLimitCounters), and should
   * even that fail, the request fails rather than pass uncounted.
   */
  async enforce(route: LimitedRoute, subject: LimitSubject, res: Response): Promise<void> {
    const checks = checksFor(route, subject);
    if (checks.length === 0) return;
    let results;
    try {
      results = await this.counters.consume(checks);
    } catch (error) {
      if (checks.some(failsClosed)) throw error;
      this.counters.unavailable.report(error);
      return;
    }
    const decision = decide(results, this.config, Date.now());
    for (const [name, value] of Object.entries(decision.headers)) res.setHeader(name, value);
    if (decision.error) throw decision.error;
  }
}
