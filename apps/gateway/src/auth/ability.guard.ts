import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, unauthorized } from '@app/errors';
import { csrfMatches } from '../dashboard/dashboard-session';
import { DashboardRefusal } from '../dashboard/dashboard-refusal';
import type { RequestWithCaller } from './auth.guard';
import { hasAbility } from './caller';
import { accessOf } from './route-access';

/**
 * Second step of the request pipeline: may this caller use the route? No key where one is needed → 401, a key
 * without the ability → 403; a dashboard form without its session's CSRF token → the 403 page.
 */
@Injectable()
export class AbilityGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const access = accessOf(this.reflector, context);
    const req = context.switchToHttp().getRequest<RequestWithCaller>();
    if (access.kind === 'session') return this.mayPost(req);
    if (access.kind !== 'key') return true;
    const caller = req.caller!;
    if (caller.kind === 'anonymous') {
      if (access.anonymous) return true;
      throw unauthorized();
    }
    if (!hasAbility(caller, access.ability)) throw forbidden();
    return true;
  }

  /** Dashboard pages: anyone may look (signed out sees the sign-in form); a form changes things only with its session's CSRF token. */
  private mayPost(req: RequestWithCaller): boolean {
    if (req.method === 'GET' || req.method === 'HEAD') return true;
    const token = (req.body as { csrf?: unknown } | undefined)?.csrf;
    if (!req.dashboard || !csrfMatches(req.dashboard, token)) throw new DashboardRefusal();
    return true;
  }
}
