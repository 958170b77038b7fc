import { CanActivate, ExecutionContext, Inject, Injectable, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { requireOperator } from '../admin/admin-auth';
import type { DashboardSession } from '../dashboard/dashboard-session';
import { DashboardSessionReader } from '../dashboard/dashboard-session-reader';
import { AuthService } from './auth.service';
import type { Caller } from './caller';
import { accessOf } from './route-access';

export type RequestWithCaller = Request & { caller?: Caller; dashboard?: DashboardSession };

export const CurrentCaller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Caller => {
  return ctx.switchToHttp().getRequest<RequestWithCaller>().caller!;
});

export const CurrentSession = createParamDecorator((_data: unknown, ctx: ExecutionContext): DashboardSession | undefined => {
  return ctx.switchToHttp().getRequest<RequestWithCaller>().dashboard;
});

/**
 * First step of the request pipeline: who calls. Checks the credential the route's access names (an API
 * key, ADMIN_TOKEN, the dashboard's session cookie) and
 * sets `req.caller`; a credential that is sent but wrong is 401, never anonymous. What the caller may
 * do is the next step's (AbilityGuard).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
    private readonly dashboardSessions: DashboardSessionReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = accessOf(this.reflector, context);
    const req = context.switchToHttp().getRequest<RequestWithCaller>();
    if (access.kind === 'operator') requireOperator(req.headers.authorization, this.config.adminToken);
    else if (access.kind === 'session') req.dashboard = await this.dashboardSessions.read(req, context.switchToHttp().getResponse<Response>());
    else if (access.kind === 'key' || access.identifiesCaller) req.caller = await this.auth.resolveCaller(req);
    return true;
  }
}
