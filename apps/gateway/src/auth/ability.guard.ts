import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '@app/config';
import { forbidden, unauthorized } from '@app/errors';
import { isCrossSiteForm } from '../dashboard/cross-site-form';
import { csrfMatches } from '../dashboard/dashboard-session';
import { DashboardRefusal } from '../dashboard/dashboard-refusal';
import type { RequestWithCaller } from './auth.guard';
import { hasAbility } from './caller';
import { accessOf } from './route-access';

/**
 * Second step of the request pipeline: may this caller use the route? No key where one is needed → 401, a key
 * without the ability → 403; a dashboard form without its session's CSRF token, or posted by a browser from
 * another site → the 403 page.
 */
@Injectable()
export class AbilityGuard implements CanActivate {
  private readonly ownOrigins: ReadonlySet<string>;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ownOrigins = new Set([config.webBaseUrl, config.apiBaseUrl].map((url) => new URL(url).origin));
  }

  canActivate(context: ExecutionContext): boolean {
    const access = accessOf(this.reflector, context);
    const req = context.switchToHttp().getRequest<RequestWithCaller>();
    if (access.kind === 'session') return this.mayPost(req);
    if (access.kind === 'public' && access.signInForm && isCrossSiteForm(req, this.ownOrigins)) throw new DashboardRefusal();
    if (access.kind !== 'key') return true;
    const caller = req.caller!;
    if (caller.kind === 'anonymous') {
      if (access.anonymous) return true;
      throw unauthorized();
    }
    if (!hasAbility(caller, access.ability)) throw forbidden();
    return true;
  }

  /**
   * Dashboard pages: anyone may look (signed out sees the sign-in form); a form changes things only with its
   * session's CSRF token, and (besides, as SameSite=Lax already keeps the cookie off) not from another site.
   */
  private mayPost(req: RequestWithCaller): boolean {
    if (req.method === 'GET' || req.method === 'HEAD') return true;
    const token = (req.body as { csrf?: unknown } | undefined)?.csrf;
    if (!req.dashboard || !csrfMatches(req.dashboard, token) || isCrossSiteForm(req, this.ownOrigins)) throw new DashboardRefusal();
    return true;
  }
}
