import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { RequestWithCaller } from '../auth/auth.guard';
import { isIdempotentRepeat } from '../idempotency/idempotency.guard';
import { RateLimiter } from './rate-limiter.service';
import { LimitedRoute } from './rate-limit-rules';

const RATE_LIMIT = 'rateLimit';

/** The route counts against the rate-limit rule of this name (`rate-limit-rules.ts`). */
export const RateLimit = (rule: LimitedRoute) => SetMetadata(RATE_LIMIT, rule);

/**
 * Last step of the request pipeline, after auth, ability and idempotency, before the handler: a refused
 * request never reaches a body that is still streaming. A repeat of a finished idempotent request is not counted.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<LimitedRoute | undefined>(RATE_LIMIT, [context.getHandler(), context.getClass()]);
    if (!rule) return true;
    const req = context.switchToHttp().getRequest<RequestWithCaller>();
    if (isIdempotentRepeat(req)) return true;
    await this.limiter.enforce(rule, { caller: req.caller, ip: clientIp(req), body: req.body }, context.switchToHttp().getResponse<Response>());
    return true;
  }
}

/** Express's req.ip follows the app's `trust proxy` (TRUST_PROXY): the socket's address unless it is set. */
export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
