import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Caller } from '../auth/caller';
import { RateLimiter } from './rate-limiter.service';
import { LimitedRoute } from './rate-limit-rules';

const LIMITED_ROUTE = 'limitedRoute';

/**
 * The route counts against the rate limits of `route`. Applied to a method of a controller guarded by
 * AuthGuard, it runs after it (auth → ability → rate limit); it never reads a body that is still streaming.
 */
export const RateLimited = (route: LimitedRoute) => applyDecorators(SetMetadata(LIMITED_ROUTE, route), UseGuards(RateLimitGuard));

@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = this.reflector.getAllAndOverride<LimitedRoute | undefined>(LIMITED_ROUTE, [context.getHandler(), context.getClass()]);
    if (!route) return true;
    const req = context.switchToHttp().getRequest<Request & { caller?: Caller }>();
    await this.limiter.enforce(route, { caller: req.caller, ip: clientIp(req), body: req.body }, context.switchToHttp().getResponse<Response>());
    return true;
  }
}

/** Express's req.ip follows the app's `trust proxy` (TRUST_PROXY): the socket's address unless it is set. */
export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
