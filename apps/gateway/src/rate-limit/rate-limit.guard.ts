import { applyDecorators, CanActivate, ExecutionContext, Inject, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import type { Caller } from '../auth/caller';
import { decide } from './rate-limit-decision';
import { RateLimitCounters } from './rate-limit-counters';
import { checksFor, LimitedRoute } from './rate-limit-rules';

const LIMITED_ROUTE = 'limitedRoute';

/**
 * The route counts against the rate limits of `route`. Applied to a method of a controller guarded by
 * AuthGuard, it runs after it (auth → ability → rate limit); it never reads a body that is still streaming.
 */
export const RateLimited = (route: LimitedRoute) => applyDecorators(SetMetadata(LIMITED_ROUTE, route), UseGuards(RateLimitGuard));

/** Redis unavailable → the request passes unlimited (fail open) and a warning is logged, once a minute at most. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly counters: RateLimitCounters,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = this.reflector.getAllAndOverride<LimitedRoute | undefined>(LIMITED_ROUTE, [context.getHandler(), context.getClass()]);
    if (!route) return true;
    const req = context.switchToHttp().getRequest<Request & { caller?: Caller }>();
    const checks = checksFor(route, { caller: req.caller, ip: req.ip ?? req.socket.remoteAddress ?? 'unknown', body: req.body });
    if (checks.length === 0) return true;
    let results;
    try {
      results = await this.counters.consume(checks);
    } catch (error) {
      this.counters.unavailable.report(error);
      return true;
    }
    const decision = decide(results, this.config, Date.now());
    const res = context.switchToHttp().getResponse<Response>();
    for (const [name, value] of Object.entries(decision.headers)) res.setHeader(name, value);
    if (decision.error) throw decision.error;
    return true;
  }
}
